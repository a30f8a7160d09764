"""A small library of everyday Python idioms, retrieved by word overlap as few-shot examples.

A 135M model writes far better code when it can adapt a nearby worked example than from
a description alone. The idioms are general utilities (counting, filtering, mapping,
accumulating, string and set operations, number theory); none is a benchmark task —
the model has to adapt them, and validation in the sandbox decides whether it did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Idiom:
    header: str
    doc: str
    body: str

    @property
    def words(self) -> set[str]:
        return _words(f"{self.header} {self.doc}")


IDIOMS: tuple[Idiom, ...] = (
    Idiom("def count_digits(s: str) -> int:", "Count the digit characters in a string.",
          "return sum(1 for c in s if c.isdigit())"),
    Idiom("def count_upper(text: str) -> int:", "Count how many letters of the text are uppercase.",
          "return len([c for c in text if c.isupper()])"),
    Idiom("def sum_above(nums: list[int], limit: int) -> int:",
          "Add up the numbers of a list that are greater than a limit.",
          "return sum(x for x in nums if x > limit)"),
    Idiom("def product(nums: list[int]) -> int:", "Multiply all the numbers of a list together.",
          "acc = 1\nfor x in nums: acc *= x\nreturn acc"),
    Idiom("def triangle_number(n: int) -> int:", "Add the whole numbers from 1 up to n with a loop.",
          "total = 0\nfor i in range(1, n + 1): total += i\nreturn total"),
    Idiom("def smallest_magnitude(nums: list[int]) -> int:",
          "Return the number of a list that is closest to zero.",
          "return min(nums, key=abs)"),
    Idiom("def reverse_text(s: str) -> str:", "Return the characters of a string in reverse order.",
          "return s[::-1]"),
    Idiom("def is_sorted(nums: list[int]) -> bool:", "Check whether a list is in ascending order.",
          "return all(nums[i] <= nums[i + 1] for i in range(len(nums) - 1))"),
    Idiom("def has_digit(s: str) -> bool:", "Tell whether a string contains at least one digit.",
          "return any(c.isdigit() for c in s)"),
    Idiom("def lengths(words: list[str]) -> list[int]:", "Return the length of each word in a list.",
          "return [len(w) for w in words]"),
    Idiom("def short_words(words: list[str], n: int) -> list[str]:",
          "Keep only the words shorter than n characters, in order.",
          "return [w for w in words if len(w) < n]"),
    Idiom("def unique_count(items: list[int]) -> int:", "Count the distinct values in a list.",
          "return len(set(items))"),
    Idiom("def km_to_miles(km: float) -> float:", "Convert a distance in kilometres to miles.",
          "return km * 0.621371"),
    Idiom("def is_leap_year(year: int) -> bool:", "Tell whether a year is a leap year.",
          "return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)"),
    Idiom("def join_with_dash(words: list[str]) -> str:", "Join the words of a list with dashes.",
          "return '-'.join(words)"),
    Idiom("def first_word(sentence: str) -> str:", "Return the first word of a sentence.",
          "return sentence.split()[0]"),
    Idiom("def word_lengths(words: list[str]) -> dict[str, int]:",
          "Map each word of a list to its length.", "return {w: len(w) for w in words}"),
    Idiom("def index_of_max(nums: list[int]) -> int:", "Return the position of the biggest value in a list.",
          "return nums.index(max(nums))"),
    Idiom("def power_of_two(n: int) -> int:", "Raise 2 to the power n.", "return 2 ** n"),
    Idiom("def count_greater(nums: list[int], limit: int) -> int:",
          "Count how many numbers of a list are greater than a limit.",
          "return len([x for x in nums if x > limit])"),
    Idiom("def last_digit(n: int) -> int:", "Return the last decimal digit of an integer.",
          "return abs(n) % 10"),
    Idiom("def number_of_digits(n: int) -> int:", "Count the decimal digits of an integer.",
          "return len(str(abs(n)))"),
    Idiom("def swap_case(s: str) -> str:", "Turn uppercase letters to lowercase and lowercase to uppercase.",
          "return ''.join(c.lower() if c.isupper() else c.upper() for c in s)"),
    Idiom("def gcd(a: int, b: int) -> int:", "Greatest common divisor of two integers, by Euclid's loop.",
          "while b: a, b = b, a % b\nreturn a"),
    Idiom("def distance(x1: float, y1: float, x2: float, y2: float) -> float:",
          "Euclidean distance between two points.", "return ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5"),
    Idiom("def smaller(a: int, b: int) -> int:", "Return the smaller of two numbers.",
          "return a if a < b else b"),
    Idiom("def sign(n: int) -> int:", "Return 1 for a positive number, -1 for a negative one and 0 for zero.",
          "return 1 if n > 0 else -1 if n < 0 else 0"),
    Idiom("def strip_spaces(s: str) -> str:", "Remove every space from a string.",
          "return s.replace(' ', '')"),
    Idiom("def longest_word(words: list[str]) -> str:", "Return the longest word of a list.",
          "return max(words, key=len)"),
    Idiom("def only_in_first(a: list[int], b: list[int]) -> list[int]:",
          "Return the sorted values of the first list that are not in the second.",
          "return sorted(set(a) - set(b))"),
    Idiom("def count_lines(text: str) -> int:", "Count the lines of a text.",
          "return len(text.splitlines())"),
    Idiom("def initials(name: str) -> str:", "Return the uppercase first letter of each word of a name.",
          "return ''.join(w[0].upper() for w in name.split())"),
    Idiom("def percentage(part: float, whole: float) -> float:", "What percent of whole the part is.",
          "return part / whole * 100"),
    Idiom("def has_duplicates(items: list[int]) -> bool:", "Tell whether any value occurs twice in a list.",
          "return len(set(items)) != len(items)"),
    Idiom("def count_divisors(n: int) -> int:", "Count the whole numbers that divide n evenly.",
          "return len([d for d in range(1, n + 1) if n % d == 0])"),
    Idiom("def repeat_text(s: str, n: int) -> str:", "Repeat a string n times.", "return s * n"),
    Idiom("def shout(words: list[str]) -> list[str]:", "Return every word of a list in uppercase.",
          "return [w.upper() for w in words]"),
    Idiom("def minutes(seconds: int) -> float:", "Convert seconds to minutes.", "return seconds / 60"),
    Idiom("def tribonacci(n: int) -> int:",
          "The n-th term of the sequence 0, 0, 1 where each next term adds the previous three.",
          "a, b, c = 0, 0, 1\nfor i in range(n): a, b, c = b, c, a + b + c\nreturn a"),
)

_STOP = frozenset(
    "a an the of in to and or is are be that this with for from it its as by on e g whether "
    "return returns function write each every which".split()
)


def _words(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower().replace("_", " "))
    return {w.rstrip("s") if len(w) > 3 else w for w in words if w not in _STOP}


def _type_shape(header: str) -> tuple[int, str]:
    params = header[header.index("(") + 1 : header.rindex(")")]
    arity = 0 if not params.strip() else params.count(":")
    returns = header.rsplit("->", 1)[-1].strip(" :") if "->" in header else ""
    return arity, returns.split("[")[0]


def retrieve(description: str, header: str, k: int = 6) -> list[Idiom]:
    """The ``k`` idioms nearest to a description and a header: shared words, then matching shape."""
    wanted = _words(description) | _words(header.split("(")[0])
    arity, returns = _type_shape(header)

    def score(idiom: Idiom) -> float:
        i_arity, i_returns = _type_shape(idiom.header)
        return len(wanted & idiom.words) + 0.5 * (i_returns == returns) + 0.3 * (i_arity == arity)

    return sorted(IDIOMS, key=score, reverse=True)[:k]
