import Foundation

/// The projector: read-only connections that receive aggregate snapshots.
extension Hub {
    /// A projector connects with its token; it gets a snapshot at once.
    mutating func watch(_ connection: ConnectionID, token: String, survey: String?, at now: Date) -> [HubAction] {
        let hash = TokenHasher.hash(token)
        guard projectorTokenHashes.contains(hash) else {
            return Self.badToken(connection, "投屏链接无效或已被撤销，请向政务服务办索取新的投屏链接", ref: "watch")
        }
        let live = projectorTokens.values.filter { $0 == hash }.count
        guard live < maxConnectionsPerSupervisor else {
            return Self.tooManyConnections(connection, "此投屏链接已在 \(live) 个页面中打开，请关闭其他页面后重试", ref: "watch")
        }
        sessions[connection] = nil
        projectors[connection] = .some(survey)
        projectorTokens[connection] = hash
        return projectorSnapshot(for: connection, at: now).map { [.send(connection, $0)] } ?? []
    }

    /// Allows a new projector token.
    public mutating func addProjectorToken(hash: String) {
        projectorTokenHashes.insert(hash)
    }

    /// The projector tokens are now `hashes` (one revoked here or on another node): every screen open
    /// on a token no longer among them is told and closed.
    public mutating func projectorTokensChanged(_ hashes: Set<String>) -> [HubAction] {
        projectorTokenHashes = hashes
        let revoked = projectorTokens.filter { !hashes.contains($0.value) }.map(\.key).sorted()
        return revoked.flatMap { Self.badToken($0, "此投屏链接已被撤销，请向政务服务办索取新链接", ref: "watch") }
    }

    /// A comment was approved for the projector.
    public mutating func commentApproved(_ text: String, survey: String) -> [HubAction] {
        approvedComments[survey, default: []].append(text)
        return projectors.isEmpty ? [] : [.refreshProjectors]
    }

    /// An approved comment was rejected after all: it leaves every projector at the next snapshot.
    public mutating func commentRejected(_ text: String, survey: String) -> [HubAction] {
        guard let index = approvedComments[survey]?.lastIndex(of: text) else { return [] }
        approvedComments[survey]?.remove(at: index)
        return projectors.isEmpty ? [] : [.refreshProjectors]
    }

    /// How many of the newest approved comments a snapshot carries.
    static let projectorComments = 20

    /// The connections that are projectors.
    public var projectorConnections: [ConnectionID] { projectors.keys.sorted() }

    /// Counts a stored submission into its survey's aggregates. A `live` one (just committed) also
    /// puts its comments on the projector when the survey auto-approves them; at start-up those come
    /// from the database with the other approved comments.
    mutating func countForProjector(_ record: SubmissionRecord, answers: [String: AnswerValue], live: Bool) {
        guard let survey = surveys[record.survey]?.versions[record.version]?.survey,
            let category = supervisorsByID[record.supervisorID]?.category
        else { return }
        guard surveyTallies[record.survey]?.counted.contains(record.id) != true else { return }
        surveyTallies[record.survey, default: SurveyTally()].add(record, answers: answers, survey: survey, category: category)
        // The strip needs only who was asked and who raised something, per item: no problem keys.
        surveyItems[record.survey, default: ItemTally()].add(person: record.supervisorID, answers: answers, survey: survey, category: category.rawValue)
        guard live, survey.autoApproveComments == true else { return }
        for question in survey.questions where question.type == .text {
            if case .text(let text)? = answers[question.id], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                approvedComments[record.survey, default: []].append(text)
            }
        }
    }

    /// Every projector's snapshot frame. Projectors showing the same survey share one encoding, so
    /// hundreds of screens on one link cost one snapshot per change.
    public func projectorSnapshots(at now: Date) -> [(connection: ConnectionID, frame: [UInt8])] {
        var frames: [String?: [UInt8]] = [:]
        return projectorConnections.compactMap { connection in
            guard let choice = projectors[connection] else { return nil }
            if let frame = frames[choice] { return (connection, frame) }
            let frame = projectorSnapshot(showing: choice, at: now)
            frames[choice] = frame
            return (connection, frame)
        }
    }

    /// The snapshot frame for one projector: its chosen survey, or the newest open one.
    public func projectorSnapshot(for connection: ConnectionID, at now: Date) -> [UInt8]? {
        projectors[connection].map { projectorSnapshot(showing: $0, at: now) }
    }

    private func projectorSnapshot(showing choice: String?, at now: Date) -> [UInt8] {
        let published = choice.flatMap { surveys[$0]?.current } ?? openSurveys.last
        let roster = supervisorsByTokenHash.values.filter { published?.audience.includes($0) ?? true }
        var snapshot = ProjectorSnapshot(
            survey: nil, roster: roster.count, submitted: 0, progress: [], questions: [], options: [:], items: [], comments: [],
            generatedAt: Timestamp.string(now))
        guard let published else { return CanonicalJSON.bytes(snapshot) }
        let survey = published.survey
        let tally = surveyTallies[survey.id] ?? SurveyTally()
        let items = surveyItems[survey.id] ?? ItemTally()
        snapshot.survey = .init(
            id: survey.id, title: survey.title, version: published.version, deadline: published.deadline.map(Timestamp.string),
            closed: surveys[survey.id]?.closed ?? false)
        // The office's categories in its order, then any other a stored supervisor still has.
        let present = Set(roster.map(\.category))
        let shown = categories.filter(present.contains) + present.subtracting(categories).sorted()
        snapshot.progress = shown.map { category in
            .init(
                category: category.rawValue, roster: roster.filter { $0.category == category }.count,
                submitted: tally.respondents[category] ?? 0)
        }
        snapshot.submitted = tally.respondents.values.reduce(0, +)
        snapshot.questions = tally.statistics(for: survey)
        for question in survey.questions {
            if let options = question.options { snapshot.options[question.id] = options }
        }
        snapshot.items = reviewItems.map { item in
            .init(id: item.id, title: item.title, asked: items.asked[item.id]?.count ?? 0, share: items.share(item.id))
        }
        let approved = approvedComments[survey.id] ?? []
        snapshot.comments = Array(approved.suffix(Self.projectorComments))
        snapshot.commentsTotal = approved.count
        snapshot.minSample = projectorMinSample
        return CanonicalJSON.bytes(snapshot)
    }
}
