import SurveyCore

/// How `survey serve` runs.
public struct ServerConfiguration: Sendable {
    /// Address to listen on; `0.0.0.0` for every interface.
    public var host: String
    /// TCP port; 0 picks a free one (written to `server.json` in the data directory).
    public var port: Int
    /// Data directory: database, admin token, server.json.
    public var dataDirectory: String
    /// Directory of static pages served at `/`.
    public var webRoot: String
    /// Supervisors to invent when the roster is empty (0: none).
    public var demoRosterSize: Int
    /// Largest WebSocket message accepted; larger ones close the connection with 1009.
    public var maxMessageBytes: Int
    /// Largest HTTP request body accepted by the admin API.
    public var maxRequestBodyBytes: Int
    /// Bytes that may wait in one connection's outbox before it is dropped as a slow consumer.
    public var maxOutboxBytes: Int
    /// When a problem enters the rectification list.
    public var findingThreshold: FindingThreshold
    /// Public holidays and moved working days, for the working-day deadlines of case leads.
    public var workCalendar = WorkCalendar()
    /// Largest evidence file (佐证材料) accepted.
    public var maxEvidenceBytes = 20 * 1024 * 1024
    /// The office's names, categories and units (`Surveys/office.yaml`).
    public var office = OfficeProfile.fallback
    /// Respondents a review item needs before the projector colours its share.
    public var projectorMinSample = 10
    /// The SMS gateway command (run with `/bin/sh -c`), or nil for none.
    public var smsCommand: String?
    /// The address every link is built on (`--public-url`); nil: the one the server listens on.
    public var publicURL: String?
    /// When the 回访 lets a row be signed off.
    public var followUpPolicy = FollowUpPolicy.standard
    /// How often the 台账 is checked for rows due a reminder or a 督办 (seconds).
    public var reminderCheckSeconds = 300.0
    /// Live connections one supervisor's token may hold at once.
    public var maxConnectionsPerSupervisor = 3
    /// Connections from one address that may wait unauthenticated at once.
    public var maxUnauthenticatedPerAddress = 64
    /// Seconds a new connection has to authenticate.
    public var authTimeoutSeconds = 5
    /// Messages a connection may send per second, and in a burst, before `rate_limited` errors.
    public var messagesPerSecond = 10.0
    public var messageBurst = 30.0
    /// Rate-limit errors after which the connection is closed (1008).
    public var rateLimitStrikes = 20
    /// Seconds a connection may take over its HTTP request or WebSocket handshake (against slowloris).
    public var handshakeTimeoutSeconds = 20
    /// Idle seconds before the server pings, and before it hangs up without a pong.
    public var idlePingSeconds = 30
    public var idleHangupSeconds = 75
    /// Origins (e.g. `https://survey.example.gov.cn`) allowed to open WebSockets. Empty: the page's
    /// own origin only (Origin must match Host); clients that send no Origin are allowed.
    public var allowedOrigins: [String] = []
    /// PEM certificate and key for https/wss; nil serves plain http/ws.
    public var tlsCertificate: String?
    public var tlsKey: String?

    public init(
        host: String = "0.0.0.0", port: Int = 8080, dataDirectory: String = "data", webRoot: String = "Web",
        demoRosterSize: Int = 0, maxMessageBytes: Int = 64 * 1024, maxRequestBodyBytes: Int = 2 * 1024 * 1024,
        maxOutboxBytes: Int = 8 * 1024 * 1024, findingThreshold: FindingThreshold = .standard
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.webRoot = webRoot
        self.demoRosterSize = demoRosterSize
        self.maxMessageBytes = maxMessageBytes
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.maxOutboxBytes = maxOutboxBytes
        self.findingThreshold = findingThreshold
    }
}
