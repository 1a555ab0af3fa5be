/// The UTF-8 byte-order mark Notepad and Excel put before the text; not part of it.
enum ByteOrderMark {
    static let utf8: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `bytes` without a leading UTF-8 byte-order mark.
    static func stripped(_ bytes: [UInt8]) -> [UInt8] {
        bytes.starts(with: utf8) ? Array(bytes.dropFirst(utf8.count)) : bytes
    }
}
