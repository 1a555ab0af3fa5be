import Histogram

/// What `survey simulate` does: how many supervisors, against which server, how they behave.
public struct SimulationOptions: Sendable {
    /// Loopback or test-host address of the server.
    public var host: String
    public var port: Int
    /// One personal token per simulated supervisor.
    public var tokens: [String]
    /// Think time before answering a survey, in seconds (uniformly between the two).
    public var thinkMin: Double
    public var thinkMax: Double
    /// Count think times from the simulation's start instead of from each survey's arrival, so that
    /// answers come at the same moments however long connecting took (benchmarks on open connections).
    public var thinkFromStart = false
    /// Stop after this many seconds, whatever happens.
    public var maxSeconds: Double
    /// Stop as soon as every supervisor has had every survey it received acknowledged.
    public var stopWhenDone: Bool
    /// Answer surveys at all (false: only connect and stay, e.g. for idle-connection benchmarks).
    public var answer: Bool
    /// Connections that may be on their way to a welcome at once (the server caps unauthenticated
    /// connections per address; the default stays under its default of 64).
    public var connectBatch: Int

    public init(
        host: String = "127.0.0.1", port: Int, tokens: [String], thinkMin: Double = 0, thinkMax: Double = 0,
        maxSeconds: Double = 120, stopWhenDone: Bool = true, answer: Bool = true, connectBatch: Int = 32
    ) {
        self.host = host
        self.port = port
        self.tokens = tokens
        self.thinkMin = thinkMin
        self.thinkMax = thinkMax
        self.maxSeconds = maxSeconds
        self.stopWhenDone = stopWhenDone
        self.answer = answer
        self.connectBatch = connectBatch
    }
}

/// What happened during a simulation.
public struct SimulationReport: Codable, Sendable {
    public var supervisors: Int
    public var connected: Int
    public var connectionErrors: Int
    public var welcomed: Int
    public var pushes: Int
    public var submitted: Int
    public var acked: Int
    public var errors: [String: Int]
    /// Submit-to-ack latency in milliseconds.
    public var ackLatency: Percentiles
    /// Launch-to-receipt: from the first to the last push received, in milliseconds.
    public var pushSpreadMillis: Double?
    /// When pushes arrived, as Unix seconds (percentiles over the clients), for latency from a launch.
    public var pushArrivals: Percentiles
    /// When the first and the last acknowledgement arrived, as Unix seconds.
    public var firstAckAt: Double?
    public var lastAckAt: Double?
    /// When each submission was sent, as Unix seconds, in order (for the projector-latency benchmark).
    public var submitTimes: [Double]
    /// When each acknowledgement arrived, as Unix seconds, in order (the projector's share of the latency).
    public var ackTimes: [Double]
    public var seconds: Double
}

/// Summary statistics of a list of samples.
public struct Percentiles: Codable, Sendable {
    public var count: Int
    public var min: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double

    public init(_ samples: [Double]) {
        let sorted = samples.sorted()
        /// The nearest-rank quantile.
        func at(_ q: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((Double(sorted.count) * q).rounded(.up))
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
        }
        count = sorted.count
        min = sorted.first ?? 0
        p50 = at(0.5)
        p90 = at(0.9)
        p99 = at(0.99)
        p999 = at(0.999)
        max = sorted.last ?? 0
    }

    /// Percentiles of an HdrHistogram of microseconds, in milliseconds.
    public init(microseconds histogram: Histogram<UInt64>) {
        let empty = histogram.totalCount == 0
        func at(_ percentile: Double) -> Double { empty ? 0 : Double(histogram.valueAtPercentile(percentile)) / 1000 }
        count = Int(histogram.totalCount)
        min = empty ? 0 : Double(histogram.min) / 1000
        p50 = at(50)
        p90 = at(90)
        p99 = at(99)
        p999 = at(99.9)
        max = empty ? 0 : Double(histogram.maxRecorded) / 1000
    }
}
