// Shared helpers for the transport tests: a loopback HTTP server.
