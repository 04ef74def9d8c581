"""The Streamlit page, as views over qa/: URL state, sidebar, rendering (app.py dispatches)."""
