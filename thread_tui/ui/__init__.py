"""The Textual UI: the app, its screens, widgets and .tcss stylesheets.

Screens reach the API only through `app.client`, from workers, so the event loop never
blocks and tests swap in the emulator's transport.
"""
