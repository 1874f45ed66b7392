"""One thin module per screen; app.py's navigation calls each module's `render()`."""
