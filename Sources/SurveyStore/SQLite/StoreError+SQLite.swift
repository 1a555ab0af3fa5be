import GRDB

/// SQLite's errors in words: the one part of `StoreError` that knows a backend.
extension StoreError {
    /// A database error in words staff act on: a full disk, failing I/O, a file that is no database.
    public static func explain(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        switch error.resultCode {
        case .SQLITE_FULL: return "磁盘空间不足，数据库无法写入（\(error.message ?? "database or disk is full")）"
        case .SQLITE_IOERR: return "磁盘读写错误（\(error.message ?? "I/O error")）"
        case .SQLITE_READONLY: return "数据库只读，无法写入（\(error.message ?? "readonly")）"
        case .SQLITE_NOTADB: return "不是 SQLite 数据库文件（可能是别的文件，或文件头已损坏），请检查路径，或用 survey restore 从备份恢复"
        case .SQLITE_CORRUPT: return "数据库文件已损坏，请用 survey restore 从备份恢复"
        case .SQLITE_CANTOPEN: return "无法打开文件（目录不存在，或没有读写权限）"
        case .SQLITE_PERM, .SQLITE_AUTH: return "没有访问权限"
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "数据库正被其他程序长时间锁定，请稍后再试"
        default: return "\(error)"
        }
    }
}
