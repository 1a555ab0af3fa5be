/// Identifies one live WebSocket connection. Assigned by the transport.
public typealias ConnectionID = UInt64

/// What the hub asks the transport and the store to do.
public enum HubAction: Sendable, Equatable {
    /// Queue these bytes as one text frame on the connection.
    case send(ConnectionID, [UInt8])
    /// Close the connection once what is queued has been written.
    case close(ConnectionID, code: UInt16, reason: String)
    /// Write this submission durably, then report back with `Hub.committed` or `Hub.failedToStore`.
    case store(SubmissionRecord)
    /// Record a delivery step. No acknowledgement is owed to the client.
    case record(DeliveryEvent)
    /// The aggregates changed: send projectors a fresh snapshot soon (coalesced by the transport).
    case refreshProjectors
    /// A unit's page says hello: check its token, then call `Hub.unitAuthenticated`.
    case authenticateUnit(ConnectionID, token: String)
    /// Carry out a unit's step on its row, answering on the connection.
    case unitRequest(ConnectionID, unit: String, UnitRequest)
    /// Store a supervisor's 回访 answer, then call `Hub.followUpStored`.
    case storeFollowUp(ConnectionID, supervisorID: String, row: Int, verdict: FollowUpVerdict, comment: String?)
}
