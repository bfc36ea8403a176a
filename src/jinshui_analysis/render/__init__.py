"""Render layer: parameter schema, jobs, execution, export (HTML; Word/PDF), outputs, batch."""
