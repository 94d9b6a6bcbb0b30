"""Write N synthetic, valid encodings of imaginary laws for benchmarking: `make_corpus.py N DIR`.

The output is deterministic (file i depends only on i and the catalogue), realistic in size
(10-15 KB each), answers every catalogue element with a mix of statuses, and quotes only words
that occur in the cited provision's text, so every file passes `legcompare validate`.
Codes run AAA, AAB, ... (at most 17,576 files). The laws are invented; do not cite them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MAX_FILES = len(LETTERS) ** 3
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
SYSTEMS = ("civil_law", "common_law", "mixed", "islamic_law", "customary_mixed")
STATUSES = ("present",) * 9 + ("partial",) * 4 + ("absent",) * 3 + ("unclear",) * 3
_VOCABULARY = """
whoever unlawfully detains confines abducts seizes carries away holds another person against
their will by force threat deceit or enticement in order to obtain ransom benefit compel
authority third party act omission shall be punished imprisonment years where the victim child
public official dies suffers serious harm released voluntarily unharmed penalty reduced court
may order confiscation proceeds property offender organised group two or more persons attempt
complicity accessory instigation jurisdiction national territory vessel aircraft extradition
assistance compensation
"""
WORDS = tuple(_VOCABULARY.split())


def code_for(index: int) -> str:
    """The index-th three-letter code: 0 -> AAA, 1 -> AAB, ..."""
    first, rest = divmod(index, 26 * 26)
    second, third = divmod(rest, 26)
    return LETTERS[first] + LETTERS[second] + LETTERS[third]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def block(text: str, indent: str) -> str:
    """A YAML literal block of `text`, wrapped at about 90 columns."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > 90:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "|\n" + "".join(f"{indent}{item}\n" for item in lines)


def encoding(index: int, element_ids: list[str]) -> str:
    """The YAML text of synthetic encoding number `index`."""
    rng = random.Random(index)
    code = code_for(index)
    year = rng.randint(2019, 2024)
    out = [
        f"# Synthetic encoding {index} for benchmarks (benchmarks/make_corpus.py); invented law.\n",
        "jurisdiction:\n",
        f'  code: "{code}"\n',  # quoted: OFF, YES, NOR... read as booleans in YAML 1.1
        f"  name: Synthland {index:05d}\n",
        f"  region: {rng.choice(REGIONS)}\n",
        f"  legal_system: {rng.choice(SYSTEMS)}\n",
        "kind: law\n",
        f"as_of: {year}-01-01\n",
        f"confidence: {rng.choice(('high', 'medium', 'low'))}\n",
        "sources:\n",
    ]
    sources = rng.randint(1, 3)
    for number in range(sources):
        out += [
            f"  - id: s{number}\n",
            f"    title: Synthland {index:05d} statute book, part {number + 1}\n",
            f"    url: https://example.org/synthland/{code.lower()}/{number}\n",
            "    language: en\n",
            f"    retrieved: {year + 1}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n",
            f'    version: "consolidated to {year}-01-01"\n',
            "    complete: true\n",
        ]
    texts: list[str] = []
    out.append("provisions:\n")
    for number in range(rng.randint(8, 11)):
        text = " ".join(sentence(rng, rng.randint(11, 20)) for _ in range(rng.randint(4, 5)))
        texts.append(text)
        kidnapping = number == 0
        low = rng.randint(1, 10)
        out += [
            f"  - id: p{number}\n",
            f"    source: s{number % sources}\n",
            f"    cite: art. {100 + number * 3}\n",
            f"    heading: {'Kidnapping' if kidnapping else 'Provision ' + str(number)}\n",
            f'    iccs: "{"020221" if kidnapping else "020222"}"\n',
            f"    penalty: {{min_years: {low}, max_years: {low + rng.randint(4, 20)}}}\n",
            f"    text: {block(text, '      ')}",
        ]
    out.append("elements:\n")
    for element_id in element_ids:
        status = rng.choice(STATUSES)
        if element_id == "penalty_serious_crime_threshold":
            status = "present"  # the kidnapping provision's maximum is always 5 years or more
        out += [f"  {element_id}:\n", f"    status: {status}\n"]
        if status == "absent":
            out.append("    searched: [s0]\n")
        if status in ("present", "partial"):
            cited = (
                0 if element_id == "penalty_serious_crime_threshold" else rng.randrange(len(texts))
            )
            words = texts[cited].split()
            start = rng.randrange(len(words) - 8)
            quote = " ".join(words[start : start + rng.randint(4, 8)])
            out += [f"    provisions: [p{cited}]\n", f"    quote: {json.dumps(quote)}\n"]
        if status != "present":
            note = sentence(rng, rng.randint(8, 16))
            out.append(f"    note: {json.dumps(note)}\n")
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help=f"how many encodings (1 to {MAX_FILES:,})")
    parser.add_argument("directory", type=Path, help="where to write them (created if missing)")
    args = parser.parse_args(argv)
    if not 1 <= args.count <= MAX_FILES:
        parser.error(f"count must be between 1 and {MAX_FILES:,}")
    catalogue = yaml.safe_load((ROOT / "elements" / "elements.yaml").read_text(encoding="utf-8"))
    element_ids = [element["id"] for element in catalogue["elements"]]
    args.directory.mkdir(parents=True, exist_ok=True)
    for index in range(args.count):
        path = args.directory / f"{code_for(index)}.yaml"
        path.write_text(encoding(index, element_ids), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
