"""The Word edition (python-docx): see renderer.py for the document, wordstyles.py for its styles,
package.py for properties, fonts and reproducible bytes, ooxml.py for the XML building blocks.

The package shares its name with python-docx's import name; every import of
python-docx here is absolute (`from docx import Document`) and so gets the
library, never this package.
"""

from .renderer import DocxRenderer

__all__ = ["DocxRenderer"]
