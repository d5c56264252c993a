"""Web: the dashboard, the classroom game and what both draw."""
