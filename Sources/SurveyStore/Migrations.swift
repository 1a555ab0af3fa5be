/// One named step of the schema, written once for both stores.
struct Migration: Sendable {
    let identifier: String
    let apply: @Sendable (any SQLConnection) throws -> Void
}

/// The schema's named migrations, in order. A migration that has landed is never edited; add a new
/// one instead. SQLite records them in GRDB's `grdb_migrations`, PostgreSQL in `schema_migrations`.
enum Migrations {
    static let all: [Migration] = {
        var migrations: [Migration] = []
        func register(_ identifier: String, _ apply: @escaping @Sendable (any SQLConnection) throws -> Void) {
            migrations.append(Migration(identifier: identifier, apply: apply))
        }
        register("v1-core") { db in
            try db.executeScript(
                db.dialect.schema(
                    """
                    CREATE TABLE supervisors (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        category TEXT NOT NULL,
                        phone TEXT,
                        token_hash TEXT NOT NULL UNIQUE,
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE surveys (
                        id TEXT PRIMARY KEY,
                        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
                        closed_at TEXT
                    );
                    CREATE TABLE survey_versions (
                        survey_id TEXT NOT NULL REFERENCES surveys(id),
                        version INTEGER NOT NULL,
                        content_hash TEXT NOT NULL,
                        definition TEXT NOT NULL,
                        launched_at TEXT NOT NULL,
                        PRIMARY KEY (survey_id, version)
                    );
                    CREATE TABLE deliveries (
                        supervisor_id TEXT NOT NULL REFERENCES supervisors(id),
                        survey_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        pushed_at TEXT,
                        received_at TEXT,
                        opened_at TEXT,
                        PRIMARY KEY (supervisor_id, survey_id, version),
                        FOREIGN KEY (survey_id, version) REFERENCES survey_versions(survey_id, version)
                    );
                    CREATE TABLE submissions (
                        id TEXT PRIMARY KEY,
                        supervisor_id TEXT NOT NULL REFERENCES supervisors(id),
                        survey_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        answers TEXT NOT NULL,
                        received_at TEXT NOT NULL,
                        stored_at TEXT NOT NULL,
                        FOREIGN KEY (survey_id, version) REFERENCES survey_versions(survey_id, version)
                    );
                    CREATE UNIQUE INDEX submissions_one_per_supervisor ON submissions(supervisor_id, survey_id);
                    CREATE TABLE admin_tokens (
                        token_hash TEXT PRIMARY KEY,
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE audit_log (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        detail TEXT NOT NULL
                    );
                    """))
        }
        register("v2-roster-organization") { db in
            try db.executeScript("ALTER TABLE supervisors ADD COLUMN organization TEXT")
            try db.executeScript("ALTER TABLE supervisors ADD COLUMN updated_at TEXT")
        }
        register("v3-survey-deadline-audience") { db in
            try db.executeScript("ALTER TABLE surveys ADD COLUMN deadline TEXT")
            try db.executeScript("ALTER TABLE surveys ADD COLUMN audience TEXT")
        }
        register("v4-rectification") { db in
            try db.executeScript(
                db.dialect.schema(
                    """
                    CREATE TABLE rectification_items (
                        key TEXT PRIMARY KEY,
                        number INTEGER NOT NULL UNIQUE,
                        item_id TEXT NOT NULL,
                        problem TEXT NOT NULL,
                        item_title TEXT NOT NULL,
                        status TEXT NOT NULL,
                        unit TEXT,
                        measure TEXT,
                        deadline TEXT,
                        notes TEXT NOT NULL DEFAULT '[]',
                        evidence TEXT,
                        signer TEXT,
                        signed_off_at TEXT,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    CREATE TABLE rectification_changes (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        key TEXT NOT NULL REFERENCES rectification_items(key),
                        field TEXT NOT NULL,
                        old_value TEXT,
                        new_value TEXT,
                        actor TEXT NOT NULL,
                        at TEXT NOT NULL
                    );
                    """))
        }
        register("v5-projector-comments") { db in
            try db.executeScript(
                db.dialect.schema(
                    """
                    CREATE TABLE projector_tokens (
                        token_hash TEXT PRIMARY KEY,
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE comment_moderation (
                        id TEXT PRIMARY KEY,
                        survey_id TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('approved', 'rejected')),
                        actor TEXT NOT NULL,
                        at TEXT NOT NULL
                    );
                    """))
        }
        register("v6-case-leads") { db in
            try db.executeScript(
                db.dialect.schema(
                    """
                    ALTER TABLE rectification_items ADD COLUMN kind TEXT NOT NULL DEFAULT 'concentrated'
                        CHECK (kind IN ('concentrated', 'case'));
                    ALTER TABLE rectification_items ADD COLUMN case_id TEXT;
                    ALTER TABLE rectification_items ADD COLUMN items TEXT NOT NULL DEFAULT '[]';
                    ALTER TABLE rectification_items ADD COLUMN source_survey TEXT;
                    ALTER TABLE rectification_items ADD COLUMN raised_on TEXT;
                    ALTER TABLE rectification_items ADD COLUMN supervisor_id TEXT;
                    ALTER TABLE rectification_items ADD COLUMN detail TEXT;
                    """))
        }
        register("v7-staff") { db in
            try db.executeScript(
                db.dialect.schema(
                    """
                    CREATE TABLE staff (
                        name TEXT PRIMARY KEY,
                        role TEXT NOT NULL CHECK (role IN ('office', 'leader')),
                        token_hash TEXT NOT NULL UNIQUE,
                        created_at TEXT NOT NULL,
                        revoked_at TEXT
                    );
                    """))
        }
        register("v8-units-evidence-followups") { db in
            try db.executeScript(
                db.dialect.schema(
                    """
                    CREATE TABLE units (
                        name TEXT PRIMARY KEY,
                        contact TEXT,
                        phone TEXT,
                        token_hash TEXT NOT NULL UNIQUE,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    ALTER TABLE rectification_items ADD COLUMN partners TEXT NOT NULL DEFAULT '[]';
                    ALTER TABLE rectification_items ADD COLUMN category TEXT
                        CHECK (category IS NULL OR category IN ('immediate', 'scheduled', 'long_term'));
                    ALTER TABLE rectification_items ADD COLUMN owner TEXT;
                    ALTER TABLE rectification_items ADD COLUMN measures TEXT;
                    ALTER TABLE rectification_items ADD COLUMN completed_on TEXT;
                    ALTER TABLE rectification_items ADD COLUMN opinion TEXT;
                    ALTER TABLE rectification_items ADD COLUMN round TEXT;
                    ALTER TABLE rectification_items ADD COLUMN previous_number INTEGER;
                    ALTER TABLE rectification_items ADD COLUMN shareable INTEGER NOT NULL DEFAULT 0 CHECK (shareable IN (0, 1));
                    CREATE TABLE evidence_files (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        row_key TEXT NOT NULL REFERENCES rectification_items(key),
                        sha256 TEXT NOT NULL,
                        name TEXT NOT NULL,
                        size INTEGER NOT NULL CHECK (size > 0),
                        type TEXT NOT NULL CHECK (type IN ('pdf', 'png', 'jpeg', 'docx', 'xlsx', 'doc', 'xls')),
                        uploaded_by TEXT NOT NULL,
                        at TEXT NOT NULL,
                        UNIQUE (row_key, sha256)
                    );
                    CREATE TABLE followups (
                        row_key TEXT NOT NULL REFERENCES rectification_items(key),
                        supervisor_id TEXT NOT NULL REFERENCES supervisors(id),
                        notice TEXT NOT NULL,
                        sent_at TEXT NOT NULL,
                        verdict TEXT CHECK (verdict IS NULL OR verdict IN ('satisfied', 'basic', 'unsatisfied')),
                        comment TEXT,
                        answered_at TEXT,
                        PRIMARY KEY (row_key, supervisor_id)
                    );
                    CREATE TABLE selfchecks (
                        key TEXT PRIMARY KEY,
                        conclusion TEXT CHECK (conclusion IS NULL OR conclusion IN ('符合', '基本符合', '不符合', '不适用')),
                        text TEXT,
                        actor TEXT NOT NULL,
                        at TEXT NOT NULL
                    );
                    CREATE TABLE sms_log (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('remind', 'assign', 'followup')),
                        recipient TEXT NOT NULL,
                        phone TEXT,
                        text TEXT NOT NULL,
                        result TEXT NOT NULL CHECK (result IN ('sent', 'failed', 'no_phone')),
                        detail TEXT
                    );
                    """))
        }
        register("v9-strict-checks") { db in
            // The rules the program reads by, now also the database's: a row that breaks one is
            // refused when written, not discovered when read. Existing rows must already keep them.
            if db.dialect == .postgres { try db.executeScript(jsonValidFunction) }
            try addChecks(
                ["id <> ''", "name <> ''", "category <> ''"], to: "supervisors", in: db)
            try addChecks(["version >= 1", "json_valid(definition)"], to: "survey_versions", in: db)
            try addChecks(["version >= 1", "json_valid(answers)"], to: "submissions", in: db)
            try addChecks(
                [
                    "status IN ('identified', 'assigned', 'in_progress', 'rectified', 'signed_off')", "number >= 1",
                    "json_valid(notes)", "json_valid(items)", "json_valid(partners)", "measures IS NULL OR json_valid(measures)",
                    "previous_number IS NULL OR previous_number >= 1",
                ], to: "rectification_items", in: db)
            try addChecks(["json_valid(notice)"], to: "followups", in: db)
            try addChecks(["audience IS NULL OR json_valid(audience)"], to: "surveys", in: db)
        }
        register("v10-evidence-blobs") { db in
            // The bytes of evidence files where several nodes share the store (PostgreSQL); one
            // node keeps them as files in its data directory and leaves this table empty.
            try db.executeScript(
                db.dialect.schema(
                    """
                    CREATE TABLE evidence_blobs (
                        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
                        bytes BLOB NOT NULL
                    );
                    """))
        }
        register("v11-node-presence") { db in
            // Which supervisors have a page open on which node, where several nodes share the store:
            // a reminder then counts a page open on any node as online. One node leaves it empty.
            try db.executeScript(
                """
                CREATE TABLE nodes (
                    node TEXT PRIMARY KEY,
                    seen_at TEXT NOT NULL
                );
                CREATE TABLE node_presence (
                    node TEXT NOT NULL,
                    supervisor_id TEXT NOT NULL,
                    PRIMARY KEY (node, supervisor_id)
                );
                """)
        }
        register("v12-register-channels") { db in
            // One register for every channel: rows entered by hand or imported (their channel and its
            // number), 核实 of leads, and the day a row was handed over with the working days its
            // 时限 gave, and its 催办. Case leads still waiting to be handed over become leads to verify.
            try widenCheck(
                on: "rectification_items", constraint: "rectification_items_kind_check", from: "kind IN ('concentrated', 'case')",
                to: "kind IN ('concentrated', 'case', 'entered')", in: db)
            try widenCheck(
                on: "sms_log", constraint: "sms_log_kind_check", from: "kind IN ('remind', 'assign', 'followup')",
                to: "kind IN ('remind', 'assign', 'followup', 'urge')", in: db)
            try db.executeScript(
                """
                ALTER TABLE rectification_items ADD COLUMN channel TEXT;
                ALTER TABLE rectification_items ADD COLUMN reference TEXT;
                ALTER TABLE rectification_items ADD COLUMN verification TEXT
                    CHECK (verification IS NULL OR verification IN ('pending', 'confirmed', 'partial', 'unfounded'));
                ALTER TABLE rectification_items ADD COLUMN verification_note TEXT;
                ALTER TABLE rectification_items ADD COLUMN assigned_on TEXT;
                ALTER TABLE rectification_items ADD COLUMN deadline_working_days INTEGER
                    CHECK (deadline_working_days IS NULL OR deadline_working_days >= 0);
                ALTER TABLE rectification_items ADD COLUMN urges TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(urges));
                ALTER TABLE rectification_items ADD COLUMN reminders TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reminders));
                ALTER TABLE rectification_items ADD COLUMN handover_number TEXT;
                ALTER TABLE rectification_items ADD COLUMN receipt_name TEXT;
                ALTER TABLE rectification_items ADD COLUMN receipt_at TEXT;
                CREATE UNIQUE INDEX rectification_items_handover ON rectification_items (handover_number);
                UPDATE rectification_items SET verification = 'pending' WHERE kind = 'case' AND status = 'identified';
                """)
        }
        register("v13-unit-sms-link") { db in
            // A unit's link token kept readable only while the office file lets the 交办 text carry
            // the link (handover: {sms_link: true}); otherwise only its hash is kept.
            try db.executeScript("ALTER TABLE units ADD COLUMN sms_token TEXT;")
        }
        register("v14-staff-issuer") { db in
            // Who issued each staff token (made or reissued the account): the four-eyes rule compares
            // people, so whoever marked a row rectified cannot sign it off with a token they issued since.
            try db.executeScript("ALTER TABLE staff ADD COLUMN issued_by TEXT; ALTER TABLE staff ADD COLUMN issued_at TEXT;")
        }
        register("v15-staff-phone") { db in
            // A staff member's phone: a token issued for them by someone else goes there by text
            // message, never to the one who asked. The text's log keeps no token.
            try db.executeScript("ALTER TABLE staff ADD COLUMN phone TEXT;")
            try widenCheck(
                on: "sms_log", constraint: "sms_log_kind_check", from: "kind IN ('remind', 'assign', 'followup', 'urge')",
                to: "kind IN ('remind', 'assign', 'followup', 'urge', 'token')", in: db)
        }
        return migrations
    }()

    /// SQLite's `json_valid` for PostgreSQL, so the CHECK constraints read the same in both stores.
    static let jsonValidFunction = """
        CREATE OR REPLACE FUNCTION json_valid(value text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN
            PERFORM value::json;
            RETURN true;
        EXCEPTION WHEN others THEN
            RETURN false;
        END
        $$
        """

    /// Adds CHECK constraints to `table`; the migration is refused if any row breaks one.
    ///
    /// PostgreSQL adds them in place. SQLite cannot add one to an existing table, so it is rebuilt:
    /// the same columns (as the schema records them, added columns included) and indexes, every row
    /// copied. Foreign keys are off during SQLite's migrations and checked at their end.
    static func addChecks(_ checks: [String], to table: String, in db: any SQLConnection) throws {
        if db.dialect == .postgres {
            for check in checks { try db.executeScript("ALTER TABLE \(table) ADD CHECK (\(check))") }
            return
        }
        try rebuild(table, in: db) { $0 + ",\n    " + checks.map { "CHECK (\($0))" }.joined(separator: ",\n    ") }
    }

    /// Replaces the CHECK `old` of `table` (PostgreSQL's `constraint`) by `new`, which must allow
    /// every stored row. SQLite rebuilds the table as `addChecks` does.
    static func widenCheck(on table: String, constraint: String, from old: String, to new: String, in db: any SQLConnection) throws {
        if db.dialect == .postgres {
            try db.executeScript("ALTER TABLE \(table) DROP CONSTRAINT \(constraint); ALTER TABLE \(table) ADD CONSTRAINT \(constraint) CHECK (\(new))")
            return
        }
        try rebuild(table, in: db) { columns in
            guard columns.contains(old) else { throw StoreError.corrupt(table) }
            return columns.replacingOccurrences(of: old, with: new)
        }
    }

    /// Rebuilds SQLite's `table` with its column and constraint text changed by `change`: the same
    /// indexes, every row copied. Foreign keys are off during SQLite's migrations and checked at their end.
    private static func rebuild(_ table: String, in db: any SQLConnection, change: (String) throws -> String) throws {
        guard
            let sql = try db.fetchOne(
                String.self, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]),
            let open = sql.firstIndex(of: "("), let close = sql.lastIndex(of: ")")
        else { throw StoreError.corrupt(table) }
        let indexes = try db.fetchAll(
            String.self, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", arguments: [table])
        let columns = try change(String(sql[sql.index(after: open)..<close]))
        let strict = "strict_" + table
        try db.executeScript("CREATE TABLE \(strict) (\(columns))")
        try db.executeScript("INSERT INTO \(strict) SELECT * FROM \(table)")
        try db.executeScript("DROP TABLE \(table)")
        try db.executeScript("ALTER TABLE \(strict) RENAME TO \(table)")
        for index in indexes { try db.executeScript(index) }
    }
}
