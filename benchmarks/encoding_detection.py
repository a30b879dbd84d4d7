"""Encoding detection on chardet's public test files: narrascope's detector vs charset-normalizer.

The test files (425 real web pages, feeds and text files in some 50 encodings) come from
chardet 5.2.0's source distribution, ``tests/<ENCODING>[-<language>]/``, labelled by the folder
name. They are third-party LGPL data: the script reads them from the tarball in memory and never
copies them anywhere. By default it downloads the tarball with
``pip download --no-deps --no-binary :all: chardet==5.2.0`` into ``~/.cache/narrascope/``
(or a temporary folder when that is not writable); ``--chardet-sdist PATH`` uses a copy you
already have. Either way the file's SHA-256 is checked against the digest PyPI publishes for
``chardet-5.2.0.tar.gz`` (``CHARDET_SDIST_SHA256`` below) and the script stops on a mismatch.

For each file both detectors get the raw bytes (no declared charset) and a file counts as right
when the decoded text equals the text decoded with the labelled encoding, or with the superset
browsers use for that label (cp1252 for ISO-8859-1, cp949 for EUC-KR, ...). Texts are compared
after removing a leading byte-order mark and unifying line endings, so codecs that decode a file
identically (KOI8-R and KOI8-U on Russian text, Latin-1 and cp1252 without 0x80-0x9F bytes) are
equally right. Files whose label Python has no codec for (EUC-TW) are skipped.

The short-Cyrillic set: from each Cyrillic file (KOI8-R, IBM855, IBM866, MacCyrillic,
windows-1251, ISO-8859-5) the text from its first Cyrillic word on, with markup tags removed
and whitespace collapsed, cut at a word boundary to about 100 and about 300 characters
(``--short-lengths``) and re-encoded in the file's own encoding: short texts are where a
detector is most easily fooled.

Prints accuracy per encoding (language suffixes merged: ``windows-1250-czech`` and
``windows-1250-polish`` are one group), per family and overall for both detectors, the same on
the short-Cyrillic sets, and detection throughput (one pass, wall-clock on this machine;
narrascope's figure includes its own calls to charset-normalizer, which it consults for close
calls and for text in scripts other than Latin and Cyrillic). ``--misses`` lists the files
narrascope gets wrong, with both detectors' answers.

Usage:
    .venv/bin/python benchmarks/encoding_detection.py [--chardet-sdist PATH] [--misses]
        [--short-lengths 100,300]
"""

from __future__ import annotations

import argparse
import codecs
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from narrascope.ingest.encoding import BinaryContentError, decode_bytes  # noqa: E402
from narrascope.version import file_sha256  # noqa: E402

CHARDET_VERSION = "5.2.0"
CHARDET_SDIST = f"chardet-{CHARDET_VERSION}.tar.gz"
#: SHA-256 of chardet-5.2.0.tar.gz as published on PyPI.
CHARDET_SDIST_SHA256 = "1b3b6ff479a8c414bc3fa2c0852995695c4a026dcd6d0633b2dd092ca39c1cf7"

#: Codecs that browsers (WHATWG Encoding standard) use for a label, or that are supersets of it.
SUPERSETS: dict[str, tuple[str, ...]] = {
    "latin-1": ("cp1252",),
    "iso-8859-9": ("cp1254",),
    "tis-620": ("cp874",),
    "gb2312": ("gbk", "gb18030"),
    "big5": ("cp950", "big5hkscs"),
    "euc-kr": ("cp949",),
    "shift_jis": ("cp932",),
}

#: Families for the subtotals, by label.
FAMILIES: dict[str, str] = {
    **dict.fromkeys(
        [
            "ascii",
            "utf-8",
            "utf-8-sig",
            "utf-16",
            "utf-16-le",
            "utf-16-be",
            "utf-32",
            "utf-32-le",
            "utf-32-be",
        ],
        "Unicode",
    ),
    **dict.fromkeys(
        ["koi8-r", "cp855", "cp866", "mac-cyrillic", "cp1251", "iso-8859-5"], "Cyrillic"
    ),
    **dict.fromkeys(
        ["latin-1", "cp1252", "mac-roman", "iso-8859-2", "cp1250", "iso-8859-9", "cp1254"], "Latin"
    ),
    **dict.fromkeys(
        [
            "big5",
            "cp932",
            "cp949",
            "euc-jp",
            "euc-kr",
            "gb2312",
            "johab",
            "shift_jis",
            "iso-2022-jp",
            "iso-2022-kr",
        ],
        "CJK",
    ),
}
OTHER_FAMILY = "Greek, Arabic, Hebrew, Thai"
# The same keyed by Python's codec names ('iso8859-5', 'utf-16-le', 'mac-cyrillic', ...).
SUPERSETS = {codecs.lookup(label).name: names for label, names in SUPERSETS.items()}
FAMILIES = {codecs.lookup(label).name: family for label, family in FAMILIES.items()}

_TAG = re.compile(r"<[^>]*>")
_CYRILLIC_WORD = re.compile(r"[\w-]*[\u0400-\u04ff]")


@dataclass
class Sample:
    name: str  # folder/file
    group: str  # label without the language suffix
    codec: str  # Python codec of the label
    data: bytes
    expected: tuple[str, ...]  # acceptable normalised texts


def normalise(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def label_codec(folder: str) -> tuple[str, str] | None:
    """('windows-1251', 'cp1251') for 'windows-1251-russian'; None if Python lacks the codec."""
    parts = folder.split("-")
    for end in range(len(parts), 0, -1):
        label = "-".join(parts[:end])
        try:
            return label, codecs.lookup(label).name
        except LookupError:
            continue
    return None


def fetch_sdist() -> Path:
    """Download chardet's sdist with pip into the cache (reused when already there)."""
    for cache in (Path.home() / ".cache" / "narrascope", Path(tempfile.gettempdir())):
        folder = cache / f"chardet-{CHARDET_VERSION}-sdist"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        target = folder / CHARDET_SDIST
        if not target.exists():
            print(f"downloading {CHARDET_SDIST} with pip into {folder} ...", file=sys.stderr)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--no-binary",
                    ":all:",
                    f"chardet=={CHARDET_VERSION}",
                    "-d",
                    str(folder),
                ],
                check=True,
            )
        return target
    raise SystemExit("no writable cache folder for the chardet sdist")


def load_samples(sdist: Path) -> tuple[list[Sample], list[str]]:
    samples: list[Sample] = []
    skipped: list[str] = []
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            parts = member.name.split("/")
            if not member.isfile() or len(parts) != 4 or parts[1] != "tests":
                continue
            folder, filename = parts[2], parts[3]
            label = label_codec(folder)
            if label is None:
                skipped.append(f"{folder}/{filename}")
                continue
            group, codec = label
            handle = archive.extractfile(member)
            assert handle is not None
            data = handle.read()
            expected: list[str] = []
            for name in (codec, *SUPERSETS.get(codec, ())):
                try:
                    text = normalise(data.decode(name))
                except UnicodeDecodeError:
                    continue
                if text not in expected:
                    expected.append(text)
            if not expected:  # not the case in chardet 5.2.0: every file decodes strictly
                expected.append(normalise(data.decode(codec, "replace")))
            samples.append(Sample(f"{folder}/{filename}", group, codec, data, tuple(expected)))
    samples.sort(key=lambda sample: (sample.group.lower(), sample.name))
    return samples, skipped


def short_cyrillic(samples: list[Sample], length: int) -> list[Sample]:
    """Snippets of about ``length`` characters from the first Cyrillic word of each file."""
    snippets: list[Sample] = []
    for sample in samples:
        if FAMILIES.get(sample.codec) != "Cyrillic":
            continue
        text = " ".join(_TAG.sub(" ", sample.expected[0]).split())
        first = _CYRILLIC_WORD.search(text)
        if first is None:
            continue
        piece = text[first.start() : first.start() + length + 1]
        if len(piece) > length:
            piece = piece[: piece.rfind(" ")] if " " in piece else piece[:length]
        data = piece.encode(sample.codec)
        snippets.append(Sample(sample.name, sample.group, sample.codec, data, (piece,)))
    return snippets


# ---------------------------------------------------------------------------------------------
# The two detectors: bytes -> decoded text (None when the detector gives up) and a codec name
# ---------------------------------------------------------------------------------------------


def narrascope_detect(data: bytes) -> tuple[str | None, str]:
    try:
        result = decode_bytes(data)
    except BinaryContentError as exc:
        return None, f"binary ({exc.kind})"
    return result.text, result.encoding


def charset_normalizer_detect(data: bytes) -> tuple[str | None, str]:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        return None, "none"
    return data.decode(match.encoding, "replace"), match.encoding


DETECTORS: dict[str, Callable[[bytes], tuple[str | None, str]]] = {
    "narrascope": narrascope_detect,
    "charset-normalizer": charset_normalizer_detect,
}


@dataclass
class Outcome:
    right: list[bool]
    answers: list[str]
    seconds: float


def evaluate(samples: list[Sample]) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    for name, detect in DETECTORS.items():
        right: list[bool] = []
        answers: list[str] = []
        seconds = 0.0
        for sample in samples:
            started = time.perf_counter()
            text, encoding = detect(sample.data)
            seconds += time.perf_counter() - started
            right.append(text is not None and normalise(text) in sample.expected)
            answers.append(encoding)
        outcomes[name] = Outcome(right, answers, seconds)
    return outcomes


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def _cell(hits: int, total: int) -> str:
    return f"{hits:>4}/{total:<4} {100 * hits / total:5.1f} %" if total else ""


def print_table(
    title: str, samples: list[Sample], outcomes: dict[str, Outcome], by_group: bool = True
) -> None:
    names = list(outcomes)
    print(f"\n{title}")
    header = f"{'':<24}" + "".join(f"{name:>22}" for name in names)
    print(header)
    print("-" * len(header))

    def row(label: str, indices: list[int]) -> None:
        cells = "".join(
            f"{_cell(sum(outcomes[n].right[i] for i in indices), len(indices)):>22}" for n in names
        )
        print(f"{label:<24}{cells}")

    if by_group:
        for group in sorted({s.group for s in samples}, key=str.lower):
            row(group, [i for i, s in enumerate(samples) if s.group == group])
        print("-" * len(header))
    for family in ("Unicode", "Cyrillic", "Latin", "CJK", OTHER_FAMILY):
        indices = [
            i for i, s in enumerate(samples) if FAMILIES.get(s.codec, OTHER_FAMILY) == family
        ]
        if indices:
            row(family, indices)
    row("all", list(range(len(samples))))


def print_misses(title: str, samples: list[Sample], outcomes: dict[str, Outcome]) -> None:
    print(f"\n{title}: files narrascope gets wrong (narrascope / charset-normalizer answer)")
    ours, theirs = outcomes["narrascope"], outcomes["charset-normalizer"]
    for i, sample in enumerate(samples):
        if not ours.right[i]:
            mark = "+" if theirs.right[i] else "-"
            print(f"  {sample.name:<52} {ours.answers[i]:<16} {mark} {theirs.answers[i]}")


def print_speed(title: str, samples: list[Sample], outcomes: dict[str, Outcome]) -> None:
    size = sum(len(s.data) for s in samples) / 2**20
    for name, outcome in outcomes.items():
        rate = len(samples) / outcome.seconds if outcome.seconds else float("inf")
        print(
            f"  {title:<22} {name:<20} {outcome.seconds:7.2f} s  {rate:8.1f} files/s  "
            f"{size / outcome.seconds:6.2f} MB/s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--chardet-sdist",
        type=Path,
        help=f"path to {CHARDET_SDIST} (default: download it with pip)",
    )
    parser.add_argument(
        "--short-lengths",
        default="100,300",
        help="snippet lengths of the short-Cyrillic set (default: 100,300)",
    )
    parser.add_argument(
        "--misses", action="store_true", help="list the files narrascope gets wrong"
    )
    args = parser.parse_args()

    sdist = args.chardet_sdist or fetch_sdist()
    digest = file_sha256(sdist)
    if digest != CHARDET_SDIST_SHA256:
        raise SystemExit(
            f"{sdist}: SHA-256 {digest} is not that of PyPI's {CHARDET_SDIST} "
            f"({CHARDET_SDIST_SHA256}); delete the file if it is a broken download"
        )
    samples, skipped = load_samples(sdist)
    import charset_normalizer

    print(
        f"{len(samples)} files from {sdist.name} (SHA-256 verified); skipped (no Python codec):"
        f" {', '.join(skipped) or 'none'}; charset-normalizer {charset_normalizer.__version__}"
    )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        charset_normalizer_detect(b"warm-up \xe9")  # import outside the timings
        full = evaluate(samples)
        print_table("Full files (per labelled encoding)", samples, full)
        shorts = []
        for length in (int(value) for value in args.short_lengths.split(",")):
            snippets = short_cyrillic(samples, length)
            outcomes = evaluate(snippets)
            shorts.append((f"short Cyrillic ~{length}", snippets, outcomes))
            print_table(
                f"Short Cyrillic, about {length} characters (per labelled encoding)",
                snippets,
                outcomes,
            )
    if args.misses:
        print_misses("Full files", samples, full)
        for title, snippets, outcomes in shorts:
            print_misses(title, snippets, outcomes)
    print("\nThroughput (detection and decoding, one pass)")
    print_speed("full files", samples, full)
    for title, snippets, outcomes in shorts:
        print_speed(title, snippets, outcomes)


if __name__ == "__main__":
    main()
