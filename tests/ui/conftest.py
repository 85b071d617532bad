"""UI tests use the root conftest's fixtures: `emulator`, `demo_settings`, `make_app`."""
