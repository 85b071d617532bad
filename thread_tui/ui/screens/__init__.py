"""The app's screens: lookup, editor, and the modal dialogs."""
