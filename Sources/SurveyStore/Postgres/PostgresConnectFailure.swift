/// libpq's English reasons for a failed connection, told in Chinese for the office's administrator
/// (libpq's own text follows, for the database administrator).
enum PostgresConnectFailure {
    /// The Chinese cause of libpq's `message`, or nil when it is none of the usual ones.
    static func cause(of message: String) -> String? {
        let text = message.lowercased()
        return causes.first { text.contains($0.pattern) }?.cause
    }

    /// Searched in order: the more specific pattern first.
    private static let causes: [(pattern: String, cause: String)] = [
        ("password authentication failed", "用户名或密码错误"),
        ("no password supplied", "数据库要求密码，但连接地址中没有密码"),
        ("no pg_hba.conf entry", "数据库的 pg_hba.conf 不允许从本机以此用户连接此数据库"),
        ("does not exist", "数据库或用户不存在，请先按 docs/DEPLOY.md 建库建用户"),
        ("connection refused", "该地址和端口上没有 PostgreSQL 在运行，请检查主机、端口和数据库服务是否启动"),
        ("could not translate host name", "主机名无法解析"),
        ("no such file or directory", "找不到 PostgreSQL 的本地套接字，数据库服务可能未启动"),
        ("timeout expired", "连接超时"),
        ("too many clients", "数据库连接数已满（max_connections）"),
        ("the database system is starting up", "数据库正在启动，请稍后再试"),
        ("the database system is shutting down", "数据库正在关闭"),
        ("invalid connection option", "连接地址中有无效的参数"),
        ("invalid uri query parameter", "连接地址中有无效的参数"),
        ("invalid integer value", "连接地址中的端口或数值无效"),
    ]
}
