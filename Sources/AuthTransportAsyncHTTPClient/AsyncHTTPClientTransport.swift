// AsyncHTTPClient adapter for AuthTransport, built with the `AsyncHTTPClient` trait. (Being built.)
