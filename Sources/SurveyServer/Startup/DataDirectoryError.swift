/// Why the data directory cannot be used.
public enum DataDirectoryError: Error, CustomStringConvertible {
    case cannotCreate(String)
    case notWritable(String)
    /// Another server holds the directory's lock.
    case inUse(String, pid: Int32?)
    case diskFull(String, availableBytes: UInt64)

    public var description: String {
        switch self {
        case .cannotCreate(let path):
            "无法创建数据目录 \(path)，请检查路径和权限（或用 --data 指定其他目录）"
        case .notWritable(let path):
            "无法写入数据目录 \(path)，请检查权限（或用 --data 指定其他目录）"
        case .diskFull(let path, let available):
            "数据目录 \(path) 所在磁盘空间不足（剩余 \(available / 1024) KB，至少需要 \(DataDirectory.minimumFreeBytes >> 20) MB），请清理磁盘后再启动"
        case .inUse(let path, let pid):
            "已有服务器在使用数据目录 \(path)" + (pid.map { "（进程 \($0)）" } ?? "") + "；同一数据目录只能运行一个服务器"
        }
    }
}
