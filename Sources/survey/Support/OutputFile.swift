import Foundation

/// A file a command will write, checked before the command does anything: links and tokens are
/// shown once, so a file they cannot reach must be refused before the server issues them.
enum OutputFile {
    /// Refuses `path` when its folder is missing or not writable; nil passes (the screen).
    static func check(_ path: String?) throws {
        guard let path else { return }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure("无法写入 \(path)：目录不存在（\(folder)）")
        }
        guard access(folder, W_OK) == 0 else { throw CommandFailure("无法写入 \(path)：目录没有写入权限（\(folder)）") }
        var isFile: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFile), isFile.boolValue {
            throw CommandFailure("无法写入 \(path)：这是一个目录")
        }
    }
}
