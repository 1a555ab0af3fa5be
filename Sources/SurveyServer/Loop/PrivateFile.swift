import Foundation

/// Files only their owner may read: tokens, link sheets, evidence.
public enum PrivateFile {
    /// Writes `text` to `path` with mode 0600, replacing any earlier content, and syncs it to disk.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to a temporary file beside `path` (mode 0600), syncs it, then renames it into
    /// place: a crash leaves the old file or the whole new one, never part of it.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".part"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw PrivateFileError(path: path, code: errno) }
        defer { close(descriptor) }
        fchmod(descriptor, 0o600)
        var written = 0
        while written < bytes.count {
            let step = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            guard step > 0 else { break }
            written += step
        }
        guard written == bytes.count, fsync(descriptor) == 0, rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw PrivateFileError(path: path, code: code)
        }
    }
}

/// A private file that could not be written, with the system's reason.
public struct PrivateFileError: LocalizedError, CustomStringConvertible {
    public var path: String
    public var code: Int32

    public var description: String { "无法写入文件 \(path)：\(String(cString: strerror(code)))" }
    public var errorDescription: String? { description }
}
