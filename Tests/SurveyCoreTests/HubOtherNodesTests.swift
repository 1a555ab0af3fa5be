import Foundation
import SurveyCore
import Testing

/// The hub taking in what another node on the same store changed: once each, and reaching this
/// node's pages as if it had happened here.
@Suite struct HubOtherNodesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let id = "7d9f7e0a-0b7c-4d55-9a57-0c6a1b2c3d4e"

    func authenticated() -> Hub { authenticatedHub(at: now) }

    var record: SubmissionRecord {
        SubmissionRecord(
            id: id, supervisorID: "S001", survey: "sample", version: 1, answersJSON: CanonicalJSON.string(validAnswers),
            receivedAt: now, storedAt: now)
    }

    func published(_ survey: PublishedSurvey, closed: Bool = false) -> OtherNodesChanges {
        var changes = OtherNodesChanges()
        changes.published = [(PublishedSurvey(survey: sampleSurvey, version: 1, launchedAt: Date(timeIntervalSince1970: 0)), false), (survey, closed)]
        return changes
    }

    @Test func aSurveyLaunchedElsewhereIsPushedHereOnce() {
        var hub = authenticated()
        let survey = PublishedSurvey(survey: Survey(id: "new", title: "新问卷", questions: sampleSurvey.questions), version: 1, launchedAt: now)
        let actions = hub.apply(published(survey), at: now)
        #expect(actions.contains(.send(1, survey.pushFrame)))
        #expect(hub.openSurveys.map(\.survey.id) == ["sample", "new"])
        #expect(hub.apply(published(survey), at: now).isEmpty, "announced twice, pushed once")
    }

    @Test func aNewDeadlineElsewhereIsPushedAndACloseIsPassedOn() {
        var hub = authenticated()
        let survey = PublishedSurvey(survey: sampleSurvey, version: 1, launchedAt: Date(timeIntervalSince1970: 0), deadline: now)
        var changes = OtherNodesChanges()
        changes.published = [(survey, false)]
        #expect(hub.apply(changes, at: now).contains(.send(1, survey.pushFrame)))
        changes.published = [(survey, true)]
        #expect(sent(hub.apply(changes, at: now), to: 1).first?["type"] as? String == "closed")
        #expect(hub.openSurveys.isEmpty)
        #expect(hub.apply(changes, at: now).isEmpty)
    }

    @Test func anAnswerStoredElsewhereIsCountedOnceAndAckedToAResend() {
        var hub = authenticated()
        var changes = OtherNodesChanges()
        changes.submissions = [record]
        _ = hub.apply(changes, at: now)
        _ = hub.apply(changes, at: now)
        #expect(hub.findings.counted == [id])
        #expect(hub.respondentCount == 1)
        #expect(sent(hub.received(submitBytes(id: id), from: 1, at: now), to: 1).first?["type"] as? String == "ack")
        let other = sent(hub.received(submitBytes(id: UUID().uuidString.lowercased()), from: 1, at: now), to: 1).first
        #expect(other?["type"] as? String == "error", "one answer per supervisor and survey, whichever node stored it")
    }

    @Test func anAnswerStoredElsewhereAcksAPageWaitingHere() throws {
        var hub = authenticated()
        let pending = try #require(stores(hub.received(submitBytes(id: id), from: 1, at: now)).first)
        var changes = OtherNodesChanges()
        changes.submissions = [pending]
        #expect(sent(hub.apply(changes, at: now), to: 1).first?["type"] as? String == "ack")
        // This node's own write then fails on the duplicate: the stored answer stays.
        _ = hub.failedToStore([id])
        #expect(sent(hub.received(submitBytes(id: UUID().uuidString.lowercased()), from: 1, at: now), to: 1).first?["type"] as? String == "error")
    }

    @Test func aTokenReissuedElsewhereSignsThePageOut() {
        var hub = authenticated()
        var changes = OtherNodesChanges()
        changes.roster = [(alice, TokenHasher.hash("alice-new")), (bob, TokenHasher.hash(bobToken))]
        let actions = hub.apply(changes, at: now)
        #expect(sent(actions, to: 1).first?["code"] as? String == "bad_token")
        #expect(actions.contains(.close(1, code: 4401, reason: "token revoked")))
    }

    @Test func aReminderElsewhereRemindsPagesHere() {
        var hub = authenticated()
        var changes = OtherNodesChanges()
        changes.reminders = ["sample"]
        #expect(sent(hub.apply(changes, at: now), to: 1).first?["type"] as? String == "remind")
    }
}
