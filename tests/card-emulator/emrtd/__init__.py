"""emrtd: the card side of ICAO 9303 (LDS1, BAC, PACE-GM, secure messaging, passive and
active authentication data) for the test card emulator. Independent of the C driver."""
