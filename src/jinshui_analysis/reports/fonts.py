"""The bundled CJK font, located in one place for the charts, the PDF and the HTML web font.

The font is Noto Sans CJK (SIL Open Font License 1.1) from the PyPI package
``noto-cjk-sans-otc``: a TrueType collection whose Simplified Chinese face is
:data:`FACE_NAME`.  No system font is looked up and nothing is downloaded.
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["FACE_NAME", "cjk_face_index", "cjk_font_path"]

#: The face of the collection used everywhere (charts, PDF, web font).
FACE_NAME = "Noto Sans CJK SC"


def cjk_font_path() -> Path:
    """Path of the bundled Noto Sans CJK font collection (``noto-cjk-sans-otc`` package).

    Located without importing matplotlib or fontTools.

    Returns
    -------
    pathlib.Path
        The ``.ttc`` file.

    Raises
    ------
    RuntimeError
        If the package is not installed or its font file is missing (no system font is used
        instead).
    """
    try:
        import noto_cjk_sans_otc
    except ImportError as exc:  # pragma: no cover - it is a runtime dependency
        raise RuntimeError(
            "the Noto Sans CJK font of the 'noto-cjk-sans-otc' package is needed; "
            "install the project's dependencies") from exc
    path = Path(noto_cjk_sans_otc.FONT_PATH)
    if not path.is_file():  # pragma: no cover
        raise RuntimeError(f"font file of 'noto-cjk-sans-otc' missing: {path}")
    return path


@functools.cache
def cjk_face_index(path: str | None = None) -> int:
    """Index of :data:`FACE_NAME` in the collection (0 when not found).

    Parameters
    ----------
    path : str, optional
        A font collection; default :func:`cjk_font_path`.

    Returns
    -------
    int
        The ``fontNumber`` to open the face with (``fontTools.ttLib.TTFont``).
    """
    from fontTools.ttLib import TTCollection

    with TTCollection(path or str(cjk_font_path()), lazy=True) as collection:
        for i, font in enumerate(collection.fonts):
            if font["name"].getDebugName(1) == FACE_NAME:
                return i
    return 0
