import Foundation
import SurveyCore

/// Which supervisors have a page open on the other nodes sharing this store (PostgreSQL). Each
/// node writes its own list when it changes and a heartbeat every few seconds; a node not heard
/// from for `presenceLifetime` (killed, cut off) counts for nobody.
extension SurveyDatabase {
    /// Whether other nodes may share this store, so that presence and announcements matter.
    public var isShared: Bool { store.isShared }

    /// How long a node's list stands without a heartbeat.
    public static let presenceLifetime: TimeInterval = 30

    /// Replaces this node's part of the list: `added` are now online here, `removed` no longer.
    public func publishPresence(added: Set<String>, removed: Set<String>, at now: Date) throws {
        guard isShared else { return }
        try store.write { db in
            try db.execute(
                sql: "INSERT INTO nodes (node, seen_at) VALUES (?, ?) ON CONFLICT (node) DO UPDATE SET seen_at = excluded.seen_at",
                arguments: [node, Timestamp.string(now)])
            // One statement each, however many pages came or went (a launch's crowd is thousands).
            if !removed.isEmpty {
                try db.execute(
                    sql: "DELETE FROM node_presence WHERE node = ? AND supervisor_id IN (SELECT value FROM \(db.dialect.jsonArrayElements("?")))",
                    arguments: [node, CanonicalJSON.string(removed.sorted())])
            }
            if !added.isEmpty {
                try db.execute(
                    sql: """
                        INSERT INTO node_presence (node, supervisor_id) SELECT ?, value FROM \(db.dialect.jsonArrayElements("?")) WHERE true
                        ON CONFLICT DO NOTHING
                        """, arguments: [node, CanonicalJSON.string(added.sorted())])
            }
            // Nodes gone for good (ten lifetimes) leave no rows behind.
            let gone = Timestamp.string(now.addingTimeInterval(-10 * Self.presenceLifetime))
            try db.execute(sql: "DELETE FROM node_presence WHERE node IN (SELECT node FROM nodes WHERE seen_at < ?)", arguments: [gone])
            try db.execute(sql: "DELETE FROM nodes WHERE seen_at < ?", arguments: [gone])
        }
    }

    /// This node's part of the list is withdrawn (a clean stop).
    public func withdrawPresence() throws {
        guard isShared else { return }
        try store.write { db in
            try db.execute(sql: "DELETE FROM node_presence WHERE node = ?", arguments: [node])
            try db.execute(sql: "DELETE FROM nodes WHERE node = ?", arguments: [node])
        }
    }

    /// Supervisors with a page open on another live node.
    public func onlineElsewhere(at now: Date) throws -> Set<String> {
        guard isShared else { return [] }
        let since = Timestamp.string(now.addingTimeInterval(-Self.presenceLifetime))
        return Set(
            try store.read { db in
                try db.fetchAll(
                    String.self,
                    sql: """
                        SELECT DISTINCT p.supervisor_id FROM node_presence p JOIN nodes n ON n.node = p.node
                        WHERE n.node <> ? AND n.seen_at >= ?
                        """, arguments: [node, since])
            })
    }
}
