"""The tool's name and version, as every output states them."""

__version__ = "0.1.0"
TOOL_NAME = "tmbrief"
GENERATOR = f"{TOOL_NAME} {__version__}"
