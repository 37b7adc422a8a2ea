@testable import AWSSigV4
import Testing

/// The hashing underneath the signer, on the published vectors.
struct LibCryptoPrimitiveTests {
    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { index in
            (Hex.value(of: digits[index]) ?? 0) << 4 | (Hex.value(of: digits[index + 1]) ?? 0)
        }
    }

    // FIPS 180-4 examples (NIST CSRC "SHA256.pdf" and "SHA2_Additional.pdf").
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256(message: String, expected: String) {
        let context = SHA256Context()
        #expect(context.hash(Array(message.utf8)).hexString == expected)
    }

    @Test func sha256OfAMillionAs() {
        let context = SHA256Context()
        context.reset()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { context.update(chunk) }
        #expect(context.finish().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    // RFC 4231 §4.2–4.8 (case 5, truncated output, is not applicable).
    @Test(arguments: [
        ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         String(repeating: "dd", count: 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("0102030405060708090a0b0c0d0e0f10111213141516171819",
         String(repeating: "cd", count: 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (String(repeating: "aa", count: 131),
         "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (String(repeating: "aa", count: 131),
         "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func hmacSHA256(keyHex: String, messageHex: String, expected: String) {
        let context = SHA256Context()
        let key = Self.bytes(hex: keyHex)
        let message = Self.bytes(hex: messageHex)
        let mac = key.withUnsafeBytes { key in
            message.withUnsafeBytes { HMACSHA256.authenticate(key: key, message: $0, using: context) }
        }
        #expect(mac.hexString == expected)
    }

    /// The example from the SigV4 documentation ("Examples of how to derive a signing key").
    @Test func derivesTheDocumentedSigningKey() {
        let dateStamp = Array("20120215".utf8)
        let key = dateStamp.withUnsafeBytes {
            SigV4Signer.deriveSigningKey(
                secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", dateStamp: $0,
                region: "us-east-1", service: "iam", using: SHA256Context())
        }
        #expect(key.hexString == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }
}
