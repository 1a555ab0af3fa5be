import Foundation
import Testing

/// Named staff with personal tokens: every change names its person, a leader signs off, and the
/// one who marked a row rectified cannot sign it off.
@Suite(.serialized)
struct StaffTests {
    @Test func rolesAndNamesGovernTheRegister() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let zhang = server.dataDirectory + "/zhang"
        let wang = server.dataDirectory + "/wang"
        let li = server.dataDirectory + "/li"
        #expect(try server.cli("staff", "add", "张主任", "--role", "leader", "--token-out", zhang).status == 0)
        #expect(try server.cli("staff", "add", "王科长", "--role", "leader", "--token-out", wang).status == 0)
        #expect(try server.cli("staff", "add", "李干事", "--role", "office", "--token-out", li).status == 0)
        let mode = (try FileManager.default.attributesOfItem(atPath: zhang)[.posixPermissions] as? Int ?? 0) & 0o777
        #expect(mode == 0o600)
        // Bad input: a name taken, a role that does not exist, a leader managing staff.
        #expect(try server.cli("staff", "add", "张主任", "--role", "office").error.contains("已有名为“张主任”"))
        #expect(try server.cli("staff", "add", "赵六", "--role", "boss").status != 0)
        #expect(try server.cli("staff", "add", "赵六", "--role", "office", "--token-file", zhang).error.contains("只有办公室工作人员"))
        // 李干事 works row 6 through to rectified; the history names him.
        #expect(
            try server.cli(
                "rectify", "assign", "6", "--unit", "区金融工作局", "--measure", "开展银企对接", "--deadline", "2099-06-30",
                "--token-file", li
            ).status == 0)
        #expect(try server.cli("rectify", "progress", "6", "--note", "已召开对接会", "--token-file", li).status == 0)
        #expect(try server.cli("rectify", "done", "6", "--evidence", "对接会纪要", "--actor", "冒名", "--token-file", zhang).status == 0)
        // 张主任 marked it rectified (his token, whatever --actor says), so he cannot sign it off.
        let own = try server.cli("rectify", "signoff", "6", "--token-file", zhang)
        #expect(own.status != 0 && own.error.contains("由张主任标记为已整改"), "\(own.error)")
        #expect(try server.cli("rectify", "signoff", "6", "--token-file", li).error.contains("销号须由领导账号进行"))
        let signed = try server.cli("rectify", "signoff", "6", "--reason", "回访期内电话核实", "--token-file", wang)
        #expect(signed.status == 0, "\(signed.error)")
        let history = try server.cli("rectify", "history", "6").output
        #expect(history.contains("李干事\t牵头单位") && history.contains("张主任\t整改状态\t整改中 → 已整改"))
        #expect(history.contains("王科长\t销号人\t— → 王科长"))
        #expect(try server.cli("audit").output.contains("王科长"))
        // A revoked token stops at once; a reissued one works.
        #expect(try server.cli("staff", "revoke", "李干事").status == 0)
        #expect(try server.cli("rectify", "list", "--token-file", li).error.contains("管理令牌"))
        #expect(try server.cli("staff", "reissue", "李干事", "--token-out", li).status == 0)
        #expect(try server.cli("rectify", "list", "--token-file", li).status == 0)
        let staff = try server.cli("staff", "list").output
        #expect(staff.contains("张主任\t领导") && staff.contains("李干事\t工作人员"))
    }
}
