"""Steps 2 and 5: binary content, which is refused rather than decoded; :func:`sniff_binary`.

Well-known signatures (PNG, PDF, ZIP, ...) are conclusive and checked right after the byte-order
mark (step 2). The statistical check, NUL bytes and C0 control characters (step 5), only comes
after BOM-less UTF-16/UTF-32 and 7-bit ISO-2022 text were ruled out (steps 3 and 4), whose bytes
it would mistake for binary data. :func:`sniff_binary` answers the same question in the same
order without decoding anything.
"""

from __future__ import annotations

from narrascope.ingest.encoding.codec import SAMPLE_SIZE
from narrascope.ingest.encoding.iso2022 import _detect_iso2022
from narrascope.ingest.encoding.unicode import _detect_bom, _detect_wide

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"%PDF-", 0, "PDF document"),
    (b"PK\x03\x04", 0, "ZIP archive"),
    (b"PK\x05\x06", 0, "ZIP archive"),
    (b"PK\x07\x08", 0, "ZIP archive"),
    (b"\x1f\x8b", 0, "gzip data"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"BZh", 0, "bzip2 data"),
    (b"\xfd7zXZ\x00", 0, "xz data"),
    (b"\x28\xb5\x2f\xfd", 0, "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "OLE2 document (legacy MS Office)"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"\x00asm", 0, "WebAssembly module"),
    (b"OggS\x00", 0, "Ogg media"),
    (b"fLaC", 0, "FLAC audio"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"wOFF", 0, "WOFF font"),
    (b"wOF2", 0, "WOFF font"),
    (b"\xca\xfe\xba\xbe", 0, "Java class or Mach-O binary"),
    (b"\xfe\xed\xfa\xce", 0, "Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", 0, "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"\xcf\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"ftyp", 4, "MP4/QuickTime media"),
)


def _sniff_magic(data: bytes) -> str | None:
    for magic, offset, kind in _MAGIC:
        if data.startswith(magic, offset):
            if kind == "bzip2 data" and not (len(data) > 3 and 0x31 <= data[3] <= 0x39):
                continue
            return kind
    if data.startswith(b"RIFF") and len(data) >= 12:
        return {
            b"WEBP": "WebP image",
            b"WAVE": "WAV audio",
            b"AVI ": "AVI video",
        }.get(data[8:12], "RIFF data")
    if data.startswith(b"ID3") and len(data) >= 10 and data[3] in (2, 3, 4):
        return "MP3 audio"
    if data.startswith(b"MZ") and b"\x00" in data[2:64]:
        return "Windows executable"
    return None


# Every byte except the C0 controls that do not occur in text (\t \n \f \r are fine).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 0x20 or b == 0x7F) or b in b"\t\n\f\r")


#: NUL bytes a text may hold before it is taken for binary data, however short it is.
_STRAY_NULS = 3


def _sniff_statistics(sample: bytes) -> str | None:
    # A stray NUL or two is scraping damage in a text (ingest strips them, with a warning);
    # binary formats hold NULs by the dozen.
    nuls = sample.count(0)
    if nuls > max(_STRAY_NULS, len(sample) * 0.001):
        return "binary data"
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls > len(sample) * 0.05:
        return "binary data"
    return None


def sniff_binary(data: bytes) -> str | None:
    """Return a human name for binary ``data``, or ``None`` when it looks like text.

    Known signatures give specific names (``"PNG image"``, ``"PDF document"``,
    ``"ZIP archive"``, ``"gzip data"``, ``"JPEG image"``, ``"GIF image"``,
    ``"ELF executable"``, ...); anything else with more than three NUL bytes (and more than
    0.1 %) or more than 5 % C0 control characters other than ``\\t \\n \\r \\f`` is
    ``"binary data"``. Text with a byte-order mark, BOM-less UTF-16/UTF-32 text and 7-bit
    ISO-2022-JP/KR text are *not* binary.

    Example:
        >>> sniff_binary(b"GIF89a\\x01\\x00\\x01\\x00\\x80\\x00\\x00")
        'GIF image'
        >>> sniff_binary("Текст".encode("utf-16-le")) is None
        True
        >>> sniff_binary(b"\\x01\\x02\\x03\\x04 abc")
        'binary data'
    """
    if isinstance(data, str):
        raise TypeError("sniff_binary() expects bytes, not str")
    data = bytes(data)
    if not data or _detect_bom(data):
        return None
    kind = _sniff_magic(data)
    if kind:
        return kind
    sample = data[:SAMPLE_SIZE]
    if _detect_wide(sample) or _detect_iso2022(sample):
        return None
    return _sniff_statistics(sample)
