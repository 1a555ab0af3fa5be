/// Responsible units' pages: they authenticate with their link's token (checked by the transport,
/// which holds the units) and then send steps on their own rows.
extension Hub {
    /// The transport found the unit's token valid.
    public mutating func unitAuthenticated(_ connection: ConnectionID, unit: String) {
        guard sessions[connection] != nil else { return }
        unitSessions[connection] = unit
    }

    /// The open connections of each named unit.
    public func unitConnections(of units: Set<String>) -> [(connection: ConnectionID, unit: String)] {
        unitSessions.filter { units.contains($0.value) }.map { ($0.key, $0.value) }.sorted { $0.connection < $1.connection }
    }

    /// Every unit with an open page.
    public var connectedUnits: Set<String> { Set(unitSessions.values) }

    mutating func unitReceived(_ message: ClientMessage, unit: String, from connection: ConnectionID) -> [HubAction] {
        guard case .unit(let request) = message else {
            let error = ProtocolError(.badMessage, "责任单位连接只接受 unit_progress、unit_measure_done 和 unit_receipt 消息", ref: message.ref)
            return [.send(connection, ServerMessage.error(error))]
        }
        return [.unitRequest(connection, unit: unit, request)]
    }
}
