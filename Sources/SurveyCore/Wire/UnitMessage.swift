/// Messages the server sends a responsible unit's page (protocol v1, docs/PROTOCOL.md).
public enum UnitMessage {
    /// The unit's rows as they stand: sent after `unit_hello` and whenever one of them changes.
    public static func rows(unit: String, _ rows: [RectificationRow]) -> [UInt8] {
        CanonicalJSON.bytes(Rows(unit: unit, rows: rows))
    }

    /// Confirms a unit's step; `ref` is the message type it answers.
    public static func ack(row: Int, ref: String) -> [UInt8] {
        CanonicalJSON.bytes(Ack(row: row, ref: ref))
    }

    private struct Rows: Encodable {
        let unit: String
        let rows: [RectificationRow]
        let type = "unit_rows"
        let v = 1
    }

    private struct Ack: Encodable {
        let row: Int
        let ref: String
        let type = "unit_ack"
        let v = 1
    }
}

extension RectificationRow {
    /// Whether the row has been handed to `unit`, as lead or partner: what the unit may see and work on.
    public func isHanded(to unit: String) -> Bool { status >= .assigned && units.contains(unit) }

    /// The row as a unit sees it: who raised a case stays with the office unless it is marked shareable.
    public var forUnit: RectificationRow {
        var row = self
        if !shareable { row.supervisorID = nil }
        return row
    }
}
