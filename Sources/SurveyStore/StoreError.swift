/// Why the database cannot be used as it is.
public enum StoreError: Error, CustomStringConvertible {
    /// The writer connection does not report `synchronous=FULL`, so acks could outrun the disk.
    case notDurable(level: Int)
    /// The database was written by a newer version of this program (migrations it does not know).
    case newerDatabase(unknownMigrations: [String])

    public var description: String {
        switch self {
        case .notDurable(let level):
            "数据库写连接的 synchronous 为 \(level)，不是 FULL（2），已确认的答卷可能在断电时丢失，拒绝启动"
        case .newerDatabase(let migrations):
            "数据库由更新版本的程序写入（未知的迁移：\(migrations.joined(separator: "、"))），请使用新版本程序，拒绝启动"
        }
    }
}
