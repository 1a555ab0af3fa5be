import Foundation
import SurveyAPI
import SurveyCore
import SurveyStore

/// One workflow step on a 台账 row (`POST /api/rectify/N`), checked on the loop thread by
/// `AdminAPI.rectify` and carried by this value off it: `store` reads the row, applies the
/// workflow and saves it in the database, then hands back what the hub does with the saved row.
struct RectifyStep: Sendable {
    let number: Int
    let request: RectifyRequest
    let staff: StaffMember
    /// Who the history names: the token's person (the shared token may name its typist).
    let actor: String
    /// The working days the step's 时限 gives, when the calendar holds those years.
    let workingDays: Int?
    let now: Date
    /// The tally and the units with open pages, as the hub had them when the step was checked.
    let findings: FindingTally
    let connectedUnits: Set<String>
    let context: RegisterContext

    /// Stores the step (nothing is changed when it throws or refuses) and returns the hub's part.
    func store(_ database: SurveyDatabase) throws -> AdminApply {
        // The register takes in what answers raised before any row changes.
        var refresh = try context.sync(database: database, findings: findings).run(at: now)
        if let refusal = try signOffRefusal(database) { return Self.answer(refusal) }
        // The signer is the token's person.
        var request = request
        if request.action == "signoff" { request.by = actor }
        let action: RectifyAction
        switch request.workflowStep {
        case .success(let step): action = step
        case .failure(let problem): return Self.answer(.error(.badRequest, problem.message))
        }
        guard let row = try context.rows(database: database, findings: findings).first(where: { $0.number == number }) else {
            return Self.answer(AdminAPI.unknownRow(String(number)))
        }
        if case .assign(let unit, _, _, let partners, _, _, _) = action, let unknown = try context.unknownUnits([unit] + (partners ?? []), database) {
            return Self.answer(.error(.unlistedUnit, unknown))
        }
        if case .signOff = action, row.status == .rectified, request.reason == nil,
            let refusal = context.followUpPolicy.refusal(row.followUp, calendar: context.calendar, at: now)
        {
            return Self.answer(.error(.workflow, "\(refusal)；须待回访通过，或用 --reason 写明理由后销号"))
        }
        let (updated, changes): (RectificationRow, [FieldChange])
        switch RectificationWorkflow.apply(action, reason: request.reason, to: row, at: now) {
        case .failure(let error): return Self.answer(.error(.workflow, error.message))
        case .success(let (stepped, stepChanges)): (updated, changes) = try completeAssignment(action, stepped, stepChanges, database)
        }
        try database.saveRectificationRow(updated, changes: changes, actor: actor, at: now)
        // Saved: what follows is told and applied, never rolled back.
        let followUp = try startFollowUp(from: row, to: updated, database)
        if case .assign = action { try context.sendAssignmentNotices(from: row, to: updated, reason: request.reason, database) }
        if case .urge(let note) = action { try context.sendUrgeNotice(updated, note: note, database) }
        refresh.formUnion(row.units + updated.units)
        let frames = try context.unitFrames(units: refresh.intersection(connectedUnits), database: database, findings: findings)
        let (gateway, previous) = (context.gateway, row)
        return { hub in
            var actions: [HubAction] = []
            if let (notice, raisers) = followUp {
                // Those without an open page are invited by text message, when there is a gateway.
                let offline = raisers.compactMap { hub.supervisor($0) }.filter { !$0.online }.map(\.supervisor)
                gateway?.send(offline.map { RegisterContext.followUpInvitation($0, row: updated) })
                actions += hub.followUpStarted(notice, supervisors: raisers)
            }
            // Signed off, or taken back to be worked on again: the 回访 is over either way.
            if previous.status >= .rectified && updated.status != .rectified {
                let reason = updated.status == .signedOff ? "第 \(updated.number) 项已销号，回访已结束" : "第 \(updated.number) 项已重新整改，回访已撤回"
                actions += hub.followUpWithdrawn(row: updated.number, reason: reason)
            }
            actions += RegisterContext.sends(frames, hub: hub)
            return (.json(updated), actions)
        }
    }

    /// Marked rectified: the 回访 of everyone who raised the row is stored, to be sent by the hub.
    private func startFollowUp(
        from row: RectificationRow, to updated: RectificationRow, _ database: SurveyDatabase
    ) throws -> (notice: FollowUpNotice, raisers: [String])? {
        guard updated.status == .rectified && row.status != .rectified else { return nil }
        let raisers = row.kind == .caseLead ? row.supervisorID.map { [$0] } ?? [] : (findings.raised[row.key] ?? []).sorted()
        let notice = FollowUpNotice(row: updated, at: now)
        try database.startFollowUp(notice, number: updated.number, supervisors: raisers, at: now)
        return (notice, raisers)
    }

    /// A refused step changes nothing: its answer.
    private static func answer(_ response: HTTPResponse) -> AdminApply { { _ in (response, []) } }

    /// Why this sign-off may not be made by this person, if it may not: only a leader signs off,
    /// never a row they marked rectified, and never with a token someone else issued (whoever marked
    /// the row done may hold the shared token) until its owner has renewed it.
    private func signOffRefusal(_ database: SurveyDatabase) throws -> HTTPResponse? {
        guard request.action == "signoff" else { return nil }
        guard staff.role == .leader else {
            return .error(.forbidden, "销号须由领导账号进行（survey staff add 姓名 --role leader 签发）；\(staff.name)是\(staff.role.label)")
        }
        if try database.rectification(number: number)?.actor == actor {
            return .error(.forbidden, "第 \(number) 项由\(actor)标记为已整改，须由另一位领导验收销号")
        }
        if let account = try database.staffAccount(named: actor), account.issuedBy != actor {
            return .error(
                .forbidden,
                "“\(actor)”的令牌由\(account.issuedBy ?? "他人")签发，他人见过此令牌：请\(actor)本人更换令牌后再验收销号"
                    + "（survey staff reissue \(actor) --token-file 本人令牌 --token-out 本人令牌）")
        }
        return nil
    }

    /// An assignment's own fields: the working days its 时限 gives, kept in the history as every
    /// field is (so that a report as of an earlier day reads the earlier count), and the 交办编号,
    /// given once at the first 交办 and kept through 改派 and new 时限.
    private func completeAssignment(
        _ action: RectifyAction, _ row: RectificationRow, _ changes: [FieldChange], _ database: SurveyDatabase
    ) throws -> (RectificationRow, [FieldChange]) {
        guard case .assign = action else { return (row, changes) }
        var (updated, changes) = (row, changes)
        if updated.deadlineWorkingDays != workingDays {
            changes.append(FieldChange(field: "deadlineWorkingDays", old: updated.deadlineWorkingDays.map(String.init), new: workingDays.map(String.init)))
            updated.deadlineWorkingDays = workingDays
        }
        if updated.handoverNumber == nil {
            let number = try database.nextHandoverNumber(prefix: context.office.handover.prefix, year: Int(Day.string(now).prefix(4)) ?? 0)
            updated.handoverNumber = number
            changes.append(FieldChange(field: "handoverNumber", old: nil, new: number))
        }
        return (updated, changes)
    }
}
