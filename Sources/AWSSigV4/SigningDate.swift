#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The signing time in the two forms SigV4 uses: `YYYYMMDD'T'HHMMSS'Z'` (the `X-Amz-Date`) and
/// `YYYYMMDD` (the credential scope), in UTC.
struct SigningDate {
    /// `20150830T123600Z`: 16 ASCII bytes.
    let timestamp: [UInt8]
    /// Days since 1970-01-01, the signing key's validity period.
    let day: Int

    /// The `YYYYMMDD` prefix of ``timestamp``.
    var dateStamp: ArraySlice<UInt8> { self.timestamp[0..<8] }

    /// The timestamp as a string.
    var timestampString: String { String(decoding: self.timestamp, as: UTF8.self) }

    /// The date stamp as a string.
    var dateStampString: String { String(decoding: self.dateStamp, as: UTF8.self) }

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

        var bytes = [UInt8](repeating: 0, count: 16)
        Self.put(year, digits: 4, into: &bytes, at: 0)
        Self.put(month, digits: 2, into: &bytes, at: 4)
        Self.put(dayOfMonth, digits: 2, into: &bytes, at: 6)
        bytes[8] = UInt8(ascii: "T")
        Self.put(secondOfDay / 3600, digits: 2, into: &bytes, at: 9)
        Self.put(secondOfDay / 60 % 60, digits: 2, into: &bytes, at: 11)
        Self.put(secondOfDay % 60, digits: 2, into: &bytes, at: 13)
        bytes[15] = UInt8(ascii: "Z")
        self.timestamp = bytes
        self.day = day
    }

    private static func put(_ value: Int, digits: Int, into bytes: inout [UInt8], at offset: Int) {
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
