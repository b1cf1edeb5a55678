"""Renderers turn (Bulletin, Style) into the bytes of one file format."""
