import Prometheus
import SurveyStore

/// What `GET /metrics` reports, in Prometheus text format. Safe from any thread: the loop counts
/// connections and messages, the writer thread records its commits.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    let connectionsOpen: Gauge
    let connectionsTotal: Counter
    let messagesReceived: Counter
    let pushes: Counter
    let submissions: Counter
    let acks: Counter
    private let commitBatchSize: ValueHistogram
    private let commitDuration: DurationHistogram

    init() {
        connectionsOpen = registry.makeGauge(descriptor: Self.name("websocket_connections", "", "WebSocket connections open now."))
        connectionsTotal = registry.makeCounter(descriptor: Self.name("websocket_connections", "total", "WebSocket connections accepted."))
        messagesReceived = registry.makeCounter(descriptor: Self.name("messages_received", "total", "WebSocket messages received from clients."))
        pushes = registry.makeCounter(descriptor: Self.name("pushes", "total", "Surveys pushed to supervisors."))
        submissions = registry.makeCounter(descriptor: Self.name("submissions", "total", "Valid submissions handed to the writer."))
        acks = registry.makeCounter(descriptor: Self.name("acks", "total", "Submissions acknowledged after COMMIT."))
        commitBatchSize = registry.makeValueHistogram(
            descriptor: Self.name("commit_batch", "size", "Items (submissions and delivery events) per group commit."),
            buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000])
        commitDuration = registry.makeDurationHistogram(
            descriptor: Self.name("commit_duration", "seconds", "Time of one group-commit transaction, COMMIT (fsync) included."),
            buckets: [
                .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            ])
    }

    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "survey", metricName: metric, unitName: unit, helpText: help)
    }

    /// Counts an error frame sent to a client, by its protocol error code.
    func error(_ code: String) {
        let name = Self.name("errors", "total", "Error messages sent to clients, by protocol error code.")
        registry.makeCounter(descriptor: name, labels: [("code", code)]).increment()
    }

    func recordCommit(_ result: WriteBatchResult) {
        commitBatchSize.record(Double(result.items))
        commitDuration.record(result.duration)
    }

    /// The text exposition of every metric.
    func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}
