/// Why the database cannot be used as it is.
public enum StoreError: Error, CustomStringConvertible {
    /// A durability setting read back from the store is off, so acks could outrun the disk.
    case notDurable(setting: String, value: String)
    /// The database was written by a newer version of this program (migrations it does not know).
    case newerDatabase(unknownMigrations: [String])
    /// `--store` names something else than a PostgreSQL URL.
    case notPostgresURL
    /// A PostgreSQL URL whose password holds characters that must be percent-encoded.
    case unencodedPassword
    /// A district was named for a SQLite file, which holds one district only.
    case districtNeedsPostgres
    /// A district name that cannot name a schema.
    case badDistrict(String)
    /// The role may not read the district's schema.
    case noPrivilege(String)
    /// A read-only opening found no such district.
    case noSuchDistrict(String)
    /// A read-only opening found a schema this program would still migrate.
    case olderDatabase(missingMigrations: [String])
    /// The PostgreSQL database sorts text by a locale, not byte by byte as SQLite does.
    case collation(String)
    /// A submission's id is stored already, with other answers.
    case idTaken(String)
    /// The PostgreSQL database is not in UTF-8.
    case encoding(String)
    /// A stored value breaks the schema's rules (a column the program cannot read).
    case corrupt(String)
    /// The SQLite file at `path` cannot be opened or read; `reason` in words staff act on.
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .notDurable(let setting, let value):
            "数据库的 \(setting) 为 \(value)，已确认的答卷可能在断电时丢失，拒绝启动"
        case .newerDatabase(let migrations):
            "数据库由更新版本的程序写入（未知的迁移：\(migrations.joined(separator: "、"))），请使用新版本程序，拒绝启动"
        case .unencodedPassword:
            "PostgreSQL 地址中的用户名或密码含有未转义的 @：请写成 %40（/ 写成 %2F，# 写成 %23），或把密码放在环境变量 PGPASSWORD 中（见 docs/DEPLOY.md）"
        case .notPostgresURL:
            "--store 须为 postgres:// 地址（如 postgres://survey@db.example:5432/survey）；SQLite 数据库总在数据目录中，不用 --store"
        case .districtNeedsPostgres:
            "--district 只用于 PostgreSQL（--store postgres://…）：一个 SQLite 文件只存一个区的数据"
        case .badDistrict(let name):
            "区名“\(name)”无效：只能用小写字母、数字和下划线，以字母开头，不超过 40 个字符（如 dongli）"
        case .noPrivilege(let schema):
            "无权读取 \(schema)：请让数据库管理员为该账号执行 GRANT USAGE ON SCHEMA \(schema) TO 该账号; GRANT SELECT ON ALL TABLES IN SCHEMA \(schema) TO 该账号;（见 docs/DEPLOY.md）"
        case .noSuchDistrict(let schema):
            "数据库中没有 \(schema)（该区的节点尚未启动过）"
        case .olderDatabase(let migrations):
            "数据库尚未升级（缺少迁移：\(migrations.joined(separator: "、"))），请先用新版本启动该区的节点"
        case .collation(let collation):
            "PostgreSQL 数据库的排序规则为 \(collation)，须为 C（与 SQLite 相同的排序）：请用 createdb --locale=C --locale-provider=libc --encoding=UTF8 --template=template0 建库，拒绝启动"
        case .idTaken(let id):
            "答卷编号 \(id) 已用于另一份内容不同的答卷"
        case .encoding(let encoding):
            "PostgreSQL 数据库的编码为 \(encoding)，须为 UTF8（中文才能原样保存）：请用 createdb --locale=C --locale-provider=libc --encoding=UTF8 --template=template0 建库，拒绝启动"
        case .corrupt(let column):
            "数据库中 \(column) 的值无法识别，数据可能已损坏"
        case .cannotOpen(let path, let reason):
            "无法打开数据库 \(path)：\(reason)"
        }
    }
}
