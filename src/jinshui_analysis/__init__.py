"""jinshui-analysis: regional-economics models and report notebooks for Chinese districts."""

from jinshui_analysis.exceptions import (
    DataError,
    JinshuiError,
    ModelError,
    ParameterError,
    RenderError,
)

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "JinshuiError",
    "ModelError",
    "ParameterError",
    "RenderError",
    "__version__",
]
