"""Runs one piece of untrusted code; executed as a script (``python -I sandbox_runner.py CONFIG``).

Imports nothing of lift_tui. Order matters: read the config, lower the resource limits
(soft and hard, so the code cannot raise them), open the result file, then install the
audit hook, and only then compile and run the code. The hook denies processes, network,
native code, resource changes and any write (or read) outside the working directory and the
interpreter's own files; a denied event is remembered even if the code catches the
PermissionError, and the run is reported as ``forbidden``.

Limits are set here rather than in ``preexec_fn``: the effect is the same (nothing
untrusted has run yet) and ``preexec_fn`` is unsafe in a threaded parent such as the TUI.
"""

import json
import os
import resource
import sys

_ALWAYS_DENIED = {
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "os.forkpty",
    "os.kill",
    "os.killpg",
    "os.chdir",
    "os.chroot",
    "os.putenv",
    "os.unsetenv",
    "subprocess.Popen",
    "pty.spawn",
    "socket.connect",
    "socket.bind",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyname_ex",
    "socket.gethostbyaddr",
    "socket.sendto",
    "socket.sendmsg",
    "resource.setrlimit",
    "resource.prlimit",
    "webbrowser.open",
    "sys.remote_exec",
    "ctypes.dlopen",
    "ctypes.dlsym",
    "ctypes.call_function",
    "ctypes.cdata",
    "ctypes.addressof",
}
_NATIVE_EVENTS = {e for e in _ALWAYS_DENIED if e.startswith("ctypes.")}
_DENIED_MODULES = {"ctypes", "_ctypes", "cffi"}
# Events whose path arguments must stay inside the working directory.
_PATH_EVENTS = {
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.mkdir": (0,),
    "os.chmod": (0,),
    "os.chown": (0,),
    "os.truncate": (0,),
    "os.utime": (0,),
    "os.link": (0, 1),
    "os.symlink": (1,),
    "os.rename": (0, 1),
    "shutil.rmtree": (0,),
    "shutil.move": (0, 1),
    "shutil.copytree": (1,),
    "shutil.chown": (0,),
    "os.setxattr": (0,),
    "os.removexattr": (0,),
    "os.chflags": (0,),
    "os.lchflags": (0,),
}
_LISTING_EVENTS = {"os.listdir", "os.scandir", "glob.glob", "glob.glob/2"}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


def _under(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def _install_hook(work: str, read_roots: list[str], native: bool, violations: list[str]) -> None:
    always = _ALWAYS_DENIED - _NATIVE_EVENTS if native else _ALWAYS_DENIED
    denied_modules = set() if native else _DENIED_MODULES
    realpath, isdir = os.path.realpath, os.path.isdir
    socket_af_unix = 1  # AF_UNIX on every POSIX system

    def deny(what: str) -> None:
        violations.append(what)
        raise PermissionError(f"sandbox: {what} is not allowed")

    def resolve(path: object) -> str | None:
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, str):
            return None
        return realpath(os.path.join(work, path))

    def hook(event: str, args: tuple) -> None:
        if event in always:
            deny(event)
        elif event == "socket.__new__":
            # asyncio's event loop needs a local socketpair; anything else is network.
            if len(args) < 2 or args[1] != socket_af_unix:
                deny("opening a network socket")
        elif event == "import":
            if args and str(args[0]).split(".")[0] in denied_modules:
                deny(f"import {args[0]}")
        elif event == "open":
            path, mode, flags = (tuple(args) + (None, None, None))[:3]
            writing = (isinstance(flags, int) and flags & _WRITE_FLAGS) or (
                isinstance(mode, str) and any(c in mode for c in "wax+")
            )
            target = resolve(path)
            if target is None:
                if writing and path not in (1, 2):
                    deny(f"writing to file descriptor {path}")
                return
            if writing and not _under(target, [work]):
                deny(f"writing {target}")
            if not writing and not _under(target, read_roots):
                deny(f"reading {target}")
            if not writing and target != work and not _under(target, [work]) and isdir(target):
                deny(f"opening the directory {target}")
        elif event in _PATH_EVENTS:
            for index in _PATH_EVENTS[event]:
                target = resolve(args[index]) if index < len(args) else None
                if target is None or not _under(target, [work]):
                    deny(f"{event} on {args[index] if index < len(args) else '?'}")
        elif event in _LISTING_EVENTS:
            target = resolve(args[0]) if args else None
            if target is not None and not _under(target, read_roots):
                deny(f"listing {target}")

    sys.addaudithook(hook)

    # subprocess.Popen raises an audit event, but its C helper does not: disarm the helper.
    import _posixsubprocess

    def fork_exec(*_args: object, **_kwargs: object) -> None:
        deny("starting a process")

    _posixsubprocess.fork_exec = fork_exec


def _limits(config: dict) -> None:
    mb = int(config["memory_mb"])
    cpu = int(config["cpu_s"])
    for limit, value in (
        (resource.RLIMIT_AS, mb * 1024 * 1024),
        (resource.RLIMIT_CPU, cpu),
        (resource.RLIMIT_FSIZE, int(config["max_file_bytes"])),
        (resource.RLIMIT_NOFILE, 64),
        (resource.RLIMIT_NPROC, int(config["max_processes"])),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(limit, (value, value))


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        config = json.load(f)
    with open(config["code_path"], encoding="utf-8") as f:
        code = f.read()
    work = os.path.realpath(os.getcwd())
    roots = [work] + [os.path.realpath(p) for p in config["read_roots"]]
    out = open(config["result_path"], "w", encoding="utf-8")  # noqa: SIM115 - kept open past the hook
    _limits(config)
    violations: list[str] = []
    namespace = {"__name__": "__main__", "__builtins__": __builtins__, "INPUT": config.get("input")}
    report: dict = {"status": "ok"}
    _install_hook(work, roots, bool(config.get("allow_native")), violations)
    try:
        exec(compile(code, "<generated>", "exec"), namespace)
    except MemoryError:
        report = {"status": "memory", "error": "MemoryError"}
    except SystemExit as exit_:
        if exit_.code not in (None, 0):
            report = {"status": "error", "error": f"SystemExit: {exit_.code}"}
    except BaseException as error:  # noqa: BLE001 - everything the code raises is reported
        report = {"status": "error", "error": f"{type(error).__name__}: {error}"}
    if violations:
        report = {"status": "forbidden", "error": violations[0]}
    if "RESULT" in namespace:
        try:
            report["result"] = json.dumps(namespace["RESULT"])
        except (TypeError, ValueError) as error:
            report.setdefault("error", f"RESULT is not JSON: {error}")
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        pass
    out.write(json.dumps(report))
    out.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
