"""The /_emulator/* control API: ordinary Starlette routes beside the emulated API."""
