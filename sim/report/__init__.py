"""Report: tables, charts, the report and results folders; they read frames and never run the model."""
