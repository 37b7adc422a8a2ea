extension String {
    /// `withUTF8` for a body with a typed error (the standard library's is `rethrows`, which
    /// erases the error type).
    mutating func withUTF8Typed<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = self.withUTF8 { bytes in
            do throws(Failure) {
                return .success(try body(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
