"""Pages of the diagnostics app, one module per feature."""
