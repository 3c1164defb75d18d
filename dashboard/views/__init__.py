"""One module per dashboard page; Streamlit runs each file as a page script, which calls
``render()``."""
