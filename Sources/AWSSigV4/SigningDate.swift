#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The signing time in the two forms SigV4 uses: `YYYYMMDD'T'HHMMSS'Z'` (the `X-Amz-Date`) and
/// `YYYYMMDD` (the credential scope), in UTC.
struct SigningDate {
    /// `20150830T123600Z`: 16 ASCII bytes, stored inline.
    private var storage: (UInt64, UInt64) = (0, 0)
    /// Days since 1970-01-01, the signing key's validity period.
    let day: Int

    /// Calls `body` with the 16 bytes of `YYYYMMDD'T'HHMMSS'Z'`.
    func withTimestamp<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = self.storage
        return try Swift.withUnsafeBytes(of: &copy) { try body($0) }
    }

    /// Calls `body` with the 8 bytes of `YYYYMMDD`.
    func withDateStamp<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try self.withTimestamp { try body(UnsafeRawBufferPointer(rebasing: $0[0..<8])) }
    }

    /// Appends `YYYYMMDD'T'HHMMSS'Z'`.
    func appendTimestamp(to out: inout [UInt8]) {
        self.withTimestamp { out.append(contentsOf: $0) }
    }

    /// Appends `YYYYMMDD`.
    func appendDateStamp(to out: inout [UInt8]) {
        self.withDateStamp { out.append(contentsOf: $0) }
    }

    /// The timestamp as a string.
    var timestampString: String {
        self.withTimestamp { String(decoding: $0, as: UTF8.self) }
    }

    /// The first second after 9999-12-31T23:59:59Z.
    private static let endOfYear9999: Int64 = 253_402_300_800

    /// Formats `date` shifted by `offset` seconds (clock-skew correction).
    ///
    /// - Throws: ``SigV4Error/Code/invalidDate`` for a time before 1970 or after 9999, or not a
    ///   number.
    init(_ date: Date, offset: TimeInterval) throws(SigV4Error) {
        let interval = date.timeIntervalSince1970 + offset
        guard interval.isFinite, interval >= 0, interval < Double(Self.endOfYear9999) else {
            throw SigV4Error(code: .invalidDate, reason: "the signing time must be between 1970 and 9999 UTC")
        }
        let seconds = Int64(interval.rounded(.down))
        let day = Int(seconds / 86_400)
        let secondOfDay = Int(seconds % 86_400)
        let (year, month, dayOfMonth) = Self.civilDate(daysSinceEpoch: day)

        self.day = day
        Swift.withUnsafeMutableBytes(of: &self.storage) { bytes in
            Self.put(year, digits: 4, into: bytes, at: 0)
            Self.put(month, digits: 2, into: bytes, at: 4)
            Self.put(dayOfMonth, digits: 2, into: bytes, at: 6)
            bytes[8] = UInt8(ascii: "T")
            Self.put(secondOfDay / 3600, digits: 2, into: bytes, at: 9)
            Self.put(secondOfDay / 60 % 60, digits: 2, into: bytes, at: 11)
            Self.put(secondOfDay % 60, digits: 2, into: bytes, at: 13)
            bytes[15] = UInt8(ascii: "Z")
        }
    }

    private static func put(_ value: Int, digits: Int, into bytes: UnsafeMutableRawBufferPointer, at offset: Int) {
        var value = value
        for position in stride(from: offset + digits - 1, through: offset, by: -1) {
            bytes[position] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        }
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (days ≥ 0).
    ///
    /// The algorithm shifts the year to start in March so the leap day falls last, then splits
    /// the day count into 400-year eras of 146 097 days.
    private static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = daysSinceEpoch + 719_468  // days from 0000-03-01 to 1970-01-01
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153  // 0 = March
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
