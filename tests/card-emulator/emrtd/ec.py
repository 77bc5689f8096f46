"""ec: short-Weierstrass elliptic-curve arithmetic for PACE generic mapping.

python3-cryptography's ECDH gives only the x coordinate of the shared point, but generic
mapping needs the whole point H = SK * PK and G~ = s*G + H, and key agreement on a generator
that is not the curve's. So the card does this arithmetic itself on Python integers (Jacobian
coordinates). Not constant-time: test use only."""

CURVES = {
    "brainpoolP256r1": dict(
        param_id=13,
        p=0xA9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377,
        a=0x7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9,
        b=0x26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6,
        gx=0x8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262,
        gy=0x547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997,
        n=0xA9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7),
    "brainpoolP384r1": dict(
        param_id=16,
        p=int("8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B412B1DA197FB71123"
              "ACD3A729901D1A71874700133107EC53", 16),
        a=int("7BC382C63D8C150C3C72080ACE05AFA0C2BEA28E4FB22787139165EFBA91F90F"
              "8AA5814A503AD4EB04A8C7DD22CE2826", 16),
        b=int("04A8C7DD22CE28268B39B55416F0447C2FB77DE107DCD2A62E880EA53EEB62D5"
              "7CB4390295DBC9943AB78696FA504C11", 16),
        gx=int("1D1C64F068CF45FFA2A63A81B7C13F6B8847A3E77EF14FE3DB7FCAFE0CBD10E8"
               "E826E03436D646AAEF87B2E247D4AF1E", 16),
        gy=int("8ABE1D7520F9C2A45CB1EB8E95CFD55262B70B29FEEC5864E19C054FF9912928"
               "0E4646217791811142820341263C5315", 16),
        n=int("8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B31F166E6CAC0425A7"
              "CF3AB6AF6B7FC3103B883202E9046565", 16)),
    "brainpoolP512r1": dict(
        param_id=17,
        p=int("AADD9DB8DBE9C48B3FD4E6AE33C9FC07CB308DB3B3C9D20ED6639CCA70330871"
              "7D4D9B009BC66842AECDA12AE6A380E62881FF2F2D82C68528AA6056583A48F3", 16),
        a=int("7830A3318B603B89E2327145AC234CC594CBDD8D3DF91610A83441CAEA9863BC"
              "2DED5D5AA8253AA10A2EF1C98B9AC8B57F1117A72BF2C7B9E7C1AC4D77FC94CA", 16),
        b=int("3DF91610A83441CAEA9863BC2DED5D5AA8253AA10A2EF1C98B9AC8B57F1117A7"
              "2BF2C7B9E7C1AC4D77FC94CADC083E67984050B75EBAE5DD2809BD638016F723", 16),
        gx=int("81AEE4BDD82ED9645A21322E9C4C6A9385ED9F70B5D916C1B43B62EEF4D0098E"
               "FF3B1F78E2D0D48D50D1687B93B97D5F7C6D5047406A5E688B352209BCB9F822", 16),
        gy=int("7DDE385D566332ECC0EABFA9CF7822FDF209F70024A57B1AA000C55B881F8111"
               "B2DCDE494A5F485E5BCA4BD88A2763AED1CA2B2FA8F0540678CD1E0F3AD80892", 16),
        n=int("AADD9DB8DBE9C48B3FD4E6AE33C9FC07CB308DB3B3C9D20ED6639CCA70330870"
              "553E5C414CA92619418661197FAC10471DB1D381085DDADDB58796829CA90069", 16)),
    "secp256r1": dict(
        param_id=12,
        p=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF,
        a=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC,
        b=0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
        gx=0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
        gy=0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
        n=0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551),
}


class Curve:
    def __init__(self, name):
        c = CURVES[name]
        self.name = name
        self.param_id = c["param_id"]
        self.p, self.a, self.b, self.n = c["p"], c["a"], c["b"], c["n"]
        self.g = (c["gx"], c["gy"])
        self.size = (self.p.bit_length() + 7) // 8

    # points are (x, y) tuples; None is the point at infinity
    def on_curve(self, pt):
        if pt is None:
            return False
        x, y = pt
        if not (0 <= x < self.p and 0 <= y < self.p):
            return False
        return (y * y - (x * x * x + self.a * x + self.b)) % self.p == 0

    def add(self, p1, p2):
        if p1 is None:
            return p2
        if p2 is None:
            return p1
        p = self.p
        x1, y1 = p1
        x2, y2 = p2
        if x1 == x2:
            if (y1 + y2) % p == 0:
                return None
            lam = (3 * x1 * x1 + self.a) * pow(2 * y1, -1, p) % p
        else:
            lam = (y2 - y1) * pow(x2 - x1, -1, p) % p
        x3 = (lam * lam - x1 - x2) % p
        return (x3, (lam * (x1 - x3) - y1) % p)

    # Jacobian coordinates for the scalar multiplication (one inversion at the end)
    def _jdouble(self, P):
        X, Y, Z = P
        if Y == 0:
            return (0, 1, 0)
        p = self.p
        S = 4 * X * Y * Y % p
        Z2 = Z * Z % p
        M = (3 * X * X + self.a * Z2 * Z2) % p
        X3 = (M * M - 2 * S) % p
        Y3 = (M * (S - X3) - 8 * pow(Y, 4, p)) % p
        Z3 = 2 * Y * Z % p
        return (X3, Y3, Z3)

    def _jadd(self, P, Q):
        if P[2] == 0:
            return Q
        if Q[2] == 0:
            return P
        p = self.p
        X1, Y1, Z1 = P
        X2, Y2, Z2 = Q
        Z1s, Z2s = Z1 * Z1 % p, Z2 * Z2 % p
        U1, U2 = X1 * Z2s % p, X2 * Z1s % p
        S1, S2 = Y1 * Z2s * Z2 % p, Y2 * Z1s * Z1 % p
        if U1 == U2:
            if S1 != S2:
                return (0, 1, 0)
            return self._jdouble(P)
        H = (U2 - U1) % p
        R = (S2 - S1) % p
        H2 = H * H % p
        H3 = H * H2 % p
        U1H2 = U1 * H2 % p
        X3 = (R * R - H3 - 2 * U1H2) % p
        Y3 = (R * (U1H2 - X3) - S1 * H3) % p
        Z3 = H * Z1 * Z2 % p
        return (X3, Y3, Z3)

    def mul(self, k, pt):
        if pt is None or k % self.n == 0:
            return None
        k %= self.n
        R = (0, 1, 0)
        Q = (pt[0], pt[1], 1)
        for bit in bin(k)[2:]:
            R = self._jdouble(R)
            if bit == "1":
                R = self._jadd(R, Q)
        if R[2] == 0:
            return None
        zi = pow(R[2], -1, self.p)
        zi2 = zi * zi % self.p
        return (R[0] * zi2 % self.p, R[1] * zi2 * zi % self.p)

    def encode(self, pt):
        return b"\x04" + pt[0].to_bytes(self.size, "big") + pt[1].to_bytes(self.size, "big")

    def decode(self, data):
        if len(data) != 1 + 2 * self.size or data[0] != 4:
            raise ValueError("not an uncompressed point")
        pt = (int.from_bytes(data[1:1 + self.size], "big"),
              int.from_bytes(data[1 + self.size:], "big"))
        if not self.on_curve(pt):
            raise ValueError("point not on curve")
        return pt
