"""Effects: calls resolved through the file's imports, global writes, argument mutation."""

from __future__ import annotations

from .conftest import lift_one

SOURCE = """
import os
import random as rnd
import subprocess as sp
import time
from datetime import datetime
from os import remove
from pathlib import Path
from urllib.request import urlopen
import socket, secrets, shutil

COUNT = 0


def io_things(path):
    name = input("name? ")
    print(name)
    with open(path) as handle:
        return handle.read()


def filesystem(path: Path):
    remove("a.txt")
    os.makedirs("d", exist_ok=True)
    shutil.rmtree("d")
    path.write_text("x")
    os.path.join("a", "b")


def network(url):
    socket.create_connection(("h", 1))
    return urlopen(url)


def processes():
    sp.run(["ls"])
    os.system("true")


def chance():
    return rnd.random() + secrets.randbelow(3)


def clock():
    time.sleep(1)
    return datetime.now()


def state(items, table, obj, n):
    global COUNT
    COUNT += 1
    items.append(1)
    table["k"] = 2
    obj.attr = 3
    n = n + 1
    local = []
    local.append(4)


def outer():
    total = 0
    def bump():
        nonlocal total
        total += 1
    return bump


def pure(a: int, b: int) -> int:
    return abs(a - b) + len(str(a))
"""


def _effects(qualname: str) -> list[tuple[str, str]]:
    return [(e.kind.value, e.target) for e in lift_one(SOURCE, qualname).effects]


def test_io() -> None:
    assert _effects("io_things") == [("io", "input"), ("io", "print"), ("filesystem", "open")]


def test_filesystem_through_aliases_and_path_methods() -> None:
    assert _effects("filesystem") == [
        ("filesystem", "os.remove"),
        ("filesystem", "os.makedirs"),
        ("filesystem", "shutil.rmtree"),
        ("filesystem", "path.write_text"),
    ]


def test_network_process_random_time() -> None:
    assert _effects("network") == [
        ("network", "socket.create_connection"),
        ("network", "urllib.request.urlopen"),
    ]
    assert _effects("processes") == [("process", "subprocess.run"), ("process", "os.system")]
    assert _effects("chance") == [("random", "random.random"), ("random", "secrets.randbelow")]
    assert _effects("clock") == [("time", "time.sleep"), ("time", "datetime.datetime.now")]


def test_state_global_and_argument_mutation() -> None:
    assert _effects("state") == [
        ("state", "COUNT"),
        ("state", "items"),
        ("state", "table"),
        ("state", "obj"),
    ]
    assert _effects("outer.<locals>.bump") == [("state", "total")]
    assert _effects("outer") == []


def test_constructor_filling_self_is_not_an_effect() -> None:
    source = """
        class Point:
            def __init__(self, x, y, log):
                self.x = x
                self.y = y
                log.append(self)

            def move(self, dx):
                self.x += dx
                self.history[0] = dx
        """
    assert [(e.kind.value, e.target) for e in lift_one(source, "Point.__init__").effects] == [
        ("state", "log")
    ]
    (effect,) = lift_one(source, "Point.move").effects
    assert (effect.target, effect.description) == ("self", "mutates argument self (self.x)")


def test_pure_function_has_no_effects() -> None:
    assert _effects("pure") == []


def test_effect_provenance() -> None:
    effect = lift_one(SOURCE, "processes").effects[0]
    assert effect.provenance.confidence == 0.8
    assert effect.provenance.location.line == 36
    assert effect.description == "runs a subprocess"


def test_pure_os_and_pathlib_calls_are_not_effects() -> None:
    source = """
        import os
        from pathlib import Path

        def f(p):
            q = Path(p) / "x"
            os.fspath(q)
            os.path.join("a", "b")
            Path("x").write_text("y")
            os.execv("a", [])
            return Path.cwd()
        """
    assert [(e.kind.value, e.target) for e in lift_one(source).effects] == [
        ("filesystem", "Path('x').write_text"),
        ("process", "os.execv"),
        ("filesystem", "pathlib.Path.cwd"),
    ]
