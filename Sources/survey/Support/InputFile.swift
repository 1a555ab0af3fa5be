import Foundation

/// A file a command reads, with the reason it cannot be read said plainly: missing, a directory,
/// or not readable.
enum InputFile {
    /// The bytes of `path`; `what` names the file in the error (文件, 备份文件, 链接表…).
    static func read(_ path: String, what: String = "文件") throws -> Data {
        try check(path, what: what)
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("无法读取\(what) \(path)（没有读取权限）") }
        return data
    }

    /// The text of `path`, which must be UTF-8.
    static func text(_ path: String, what: String = "文件") throws -> String {
        guard let text = String(data: try read(path, what: what), encoding: .utf8) else {
            throw CommandFailure("\(what) \(path) 不是 UTF-8 文本，请另存为 UTF-8 编码")
        }
        return text
    }

    /// Refuses `path` when it is missing or a directory.
    static func check(_ path: String, what: String = "文件") throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw CommandFailure("找不到\(what) \(path)") }
        guard !isDirectory.boolValue else { throw CommandFailure("\(path) 是目录，不是\(what)") }
    }
}
