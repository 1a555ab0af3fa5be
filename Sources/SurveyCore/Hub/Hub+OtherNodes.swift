import Foundation

/// What other server nodes changed in the shared store, read back from its tables. Each part is
/// nil (or empty) when it did not change.
public struct OtherNodesChanges: Sendable {
    /// Submissions another node committed (some may already be known here).
    public var submissions: [SubmissionRecord] = []
    /// Every launched version with whether its survey is closed, as `SurveyDatabase.published()` lists them.
    public var published: [(survey: PublishedSurvey, closed: Bool)]?
    public var roster: [(supervisor: Supervisor, tokenHash: String)]?
    public var approvedComments: [String: [String]]?
    public var projectorTokenHashes: Set<String>?
    public var followUps: [String: [FollowUpNotice]]?
    /// Surveys another node sent reminders for: this node reminds its own pages.
    public var reminders: [String] = []

    public init() {}
}

/// Several nodes on one store: what another node changed reaches this node's pages as if it had
/// been done here, and each change is taken in once however often it is announced.
extension Hub {
    public mutating func apply(_ changes: OtherNodesChanges, at now: Date) -> [HubAction] {
        var actions: [HubAction] = []
        if let roster = changes.roster { actions += rosterReloaded(roster) }
        if let published = changes.published { actions += publishedElsewhere(published, at: now) }
        actions += committedElsewhere(changes.submissions)
        if let hashes = changes.projectorTokenHashes { actions += projectorTokensChanged(hashes) }
        if let approved = changes.approvedComments, approved != approvedComments {
            approvedComments = approved
            if !projectors.isEmpty { actions.append(.refreshProjectors) }
        }
        if let followUps = changes.followUps { actions += followUpsReloaded(followUps) }
        for survey in changes.reminders { actions += remind(survey: survey)?.actions ?? [] }
        return actions
    }

    /// Submissions committed on another node, taken in once each: acks for any page here that sent
    /// the same submission, and the tallies.
    mutating func committedElsewhere(_ records: [SubmissionRecord]) -> [HubAction] {
        let fresh = records.filter { stored[$0.id] == nil }
        for record in fresh { submissionFor[SupervisorSurvey(supervisorID: record.supervisorID, survey: record.survey)] = record.id }
        return committed(fresh)
    }

    /// Each survey's newest version as stored: a version, deadline or audience this node has not
    /// pushed is pushed, a reopened survey too, and a survey closed elsewhere is closed here.
    mutating func publishedElsewhere(_ published: [(survey: PublishedSurvey, closed: Bool)], at now: Date) -> [HubAction] {
        var newest: [String: (survey: PublishedSurvey, closed: Bool)] = [:]
        var order: [String] = []
        for entry in published {
            let id = entry.survey.survey.id
            if newest[id] == nil { order.append(id) }
            if entry.survey.version >= newest[id]?.survey.version ?? 0 { newest[id] = entry }
        }
        var actions: [HubAction] = []
        for id in order {
            guard let (survey, closed) = newest[id] else { continue }
            let state = surveys[id]
            let known = state?.versions[survey.version]
            let unchanged = known != nil && known?.deadline == survey.deadline && known?.audience == survey.audience
            if !closed && (state?.closed == true || !unchanged) {
                actions += launched(survey, at: now)
            } else if closed && state?.closed != true {
                surveys[id, default: SurveyState()].add(survey)
                actions += self.closed(survey: id)
            }
        }
        // Older versions too, so that answers to them are counted.
        for entry in published where surveys[entry.survey.survey.id]?.versions[entry.survey.version] == nil {
            surveys[entry.survey.survey.id, default: SurveyState()].add(entry.survey)
        }
        return actions
    }

    /// The roster as stored: a supervisor whose token changed or who left it is signed out here.
    mutating func rosterReloaded(_ roster: [(supervisor: Supervisor, tokenHash: String)]) -> [HubAction] {
        let hashByID = Dictionary(supervisorsByTokenHash.map { ($0.value.id, $0.key) }, uniquingKeysWith: { first, _ in first })
        var revoked: Set<String> = []
        for entry in roster where hashByID[entry.supervisor.id].map({ $0 != entry.tokenHash }) ?? false { revoked.insert(entry.supervisor.id) }
        return rosterChanged(roster, revoked: revoked)
    }

    /// The open 回访 as stored: a notice a supervisor has not had yet reaches their open pages.
    mutating func followUpsReloaded(_ stored: [String: [FollowUpNotice]]) -> [HubAction] {
        var actions: [HubAction] = []
        for (connection, session) in sessions.sorted(by: { $0.key < $1.key }) {
            guard let supervisor = session else { continue }
            let known = Set((followUps[supervisor.id] ?? []).map(\.row))
            for notice in stored[supervisor.id] ?? [] where !known.contains(notice.row) {
                actions.append(.send(connection, ServerMessage.followUp(notice)))
            }
        }
        followUps = stored
        return actions
    }
}
