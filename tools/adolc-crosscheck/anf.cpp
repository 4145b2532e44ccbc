// Cross-check of Clarke's abs-normal form against ADOL-C's (tools/adolc-crosscheck/run drives it).
//
//   anf list                          the cases: "id<TAB>clarke expression<TAB>point" per line
//   anf compare ID POINT CLARKE.json  one table row: ADOL-C's form of case ID at POINT (taped
//                                     with enableMinMaxUsingAbs, read with abs_normal) against
//                                     the output of `clarke anf EXPR --at POINT --json`
//   anf header                        the table header
//   anf show ID POINT                 ADOL-C's form of case ID at POINT, in the documentation's names
//
// Both forms are, with Δx = x − x̊ (ADOL-C 2.7's abs_normal also returns the constants for Δx:
// cz = z̊ − L|z̊|, cy = ẙ − Y|z̊|),
//   z = cz + Z·Δx + L·|z|,   y = cy + J·Δx + Y·|z|
// where ADOL-C's code calls the output blocks the other way round (its "Y" is our J = ∂y/∂x, its
// "J" is our Y = ∂y/∂|z|); this program renames them on reading.
//
// What may legitimately differ: the order of the switching variables (any order compatible with
// the dependencies), and the sign of a switching variable (ADOL-C may write max(a, b) with |b − a|
// where Clarke uses |a − b|; that flips row i of cz, Z, L and nothing else, since only |z_i| is
// used). So the comparison is made
//   1. structurally: a permutation π and signs ε with z_C = ε·z_A∘π row by row (cz, Z, L) and
//      equal J and permuted Y columns (found by backtracking; "flips" counts ε_i = −1);
//   2. on the signature gradients G(σ) = J + YΣ(I − LΣ)⁻¹Z over all σ ∈ {−1, 0, 1}^s: pointwise
//      under (π, ε), and as sets (which needs no matching at all);
//   3. on the piecewise-linear model itself, y(Δx), at Δx = 0 and 60 random Δx of three scales:
//      a function, so independent of any representation;
//   4. on the values: f(x̊) and |z̊| as a multiset.
// Exit status of `compare`: 0 when all agree within 1e-12 (relative), 1 otherwise.

#include <adolc/adolc.h>
#include <adolc/drivers/psdrivers.h>
#include <adolc/taping.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using Vec = std::vector<double>;
using Mat = std::vector<Vec>;

// ---------------------------------------------------------------- the cases

struct Case {
    std::string id;
    std::string expr;                // Clarke's syntax
    std::vector<std::string> vars;   // input order (Clarke's columns are in recording order)
    std::vector<std::string> points; // "x=..,y=.."
    std::function<adouble(const std::vector<adouble>&)> f;
};

static adouble relu(const adouble& t) { return fmax(t, 0.0); }

static std::vector<Case> cases() {
    return {
        {"abs", "abs(x)", {"x"}, {"x=0", "x=0.7", "x=-1.3"},
         [](const std::vector<adouble>& v) { return adouble(fabs(v[0])); }},
        {"max", "max(x, y)", {"x", "y"}, {"x=0,y=0", "x=1.5,y=1.5", "x=0.3,y=-0.8"},
         [](const std::vector<adouble>& v) { return adouble(fmax(v[0], v[1])); }},
        {"max0", "max(max(x, y), 0)", {"x", "y"}, {"x=0,y=0", "x=1,y=1", "x=-1,y=-1", "x=0.5,y=-0.25"},
         [](const std::vector<adouble>& v) { return adouble(fmax(adouble(fmax(v[0], v[1])), 0.0)); }},
        {"relurelu", "max(max(x, 0), 0) - max(x, 0)", {"x"}, {"x=0", "x=0.4", "x=-0.4"},
         [](const std::vector<adouble>& v) { return adouble(relu(relu(v[0])) - relu(v[0])); }},
        {"absdiff", "abs(x) - abs(y)", {"x", "y"}, {"x=0,y=0", "x=0,y=1", "x=0.625,y=-0.875"},
         [](const std::vector<adouble>& v) { return adouble(fabs(v[0]) - fabs(v[1])); }},
        {"nested", "abs(abs(x) - abs(y))", {"x", "y"}, {"x=0,y=0", "x=1,y=-1", "x=0,y=0.5", "x=0.625,y=-0.875"},
         [](const std::vector<adouble>& v) { return adouble(fabs(adouble(fabs(v[0]) - fabs(v[1])))); }},
        // a 2-neuron relu layer and a linear read-out; both kinks meet at (−6, −2)
        {"net", "1.5*max(0.5*x - y + 1, 0) - 0.75*max(3*y - x, 0) + 0.25", {"x", "y"},
         {"x=-6,y=-2", "x=0,y=0", "x=-2,y=0", "x=1,y=0.5"},
         [](const std::vector<adouble>& v) {
             adouble h1 = relu(0.5 * v[0] - v[1] + 1.0);
             adouble h2 = relu(3.0 * v[1] - v[0]);
             return adouble(1.5 * h1 - 0.75 * h2 + 0.25);
         }},
    };
}

static Vec parsePoint(const Case& c, const std::string& point) {
    std::map<std::string, double> m;
    std::stringstream ss(point);
    std::string item;
    while (std::getline(ss, item, ',')) {
        auto eq = item.find('=');
        m[item.substr(0, eq)] = std::strtod(item.c_str() + eq + 1, nullptr);
    }
    Vec x;
    for (auto& v : c.vars) x.push_back(m.at(v));
    return x;
}

// ---------------------------------------------------------------- a minimal JSON reader

struct Json {
    enum Kind { NUL, BOOL, NUM, STR, ARR, OBJ } kind = NUL;
    double num = 0;
    std::string str;
    std::vector<Json> arr;
    std::map<std::string, Json> obj;
};

struct Parser {
    const std::string& s;
    size_t p = 0;
    explicit Parser(const std::string& s) : s(s) {}
    void ws() { while (p < s.size() && isspace((unsigned char)s[p])) p++; }
    Json value() {
        ws();
        Json j;
        char c = s.at(p);
        if (c == '{') {
            j.kind = Json::OBJ; p++; ws();
            if (s[p] == '}') { p++; return j; }
            while (true) {
                ws(); std::string k = string(); ws(); p++; // ':'
                j.obj[k] = value(); ws();
                if (s[p++] == '}') return j;
            }
        }
        if (c == '[') {
            j.kind = Json::ARR; p++; ws();
            if (s[p] == ']') { p++; return j; }
            while (true) {
                j.arr.push_back(value()); ws();
                if (s[p++] == ']') return j;
            }
        }
        if (c == '"') { j.kind = Json::STR; j.str = string(); return j; }
        if (s.compare(p, 4, "true") == 0) { j.kind = Json::BOOL; j.num = 1; p += 4; return j; }
        if (s.compare(p, 5, "false") == 0) { j.kind = Json::BOOL; p += 5; return j; }
        if (s.compare(p, 4, "null") == 0) { p += 4; return j; }
        j.kind = Json::NUM;
        char* end;
        j.num = std::strtod(s.c_str() + p, &end); // also NaN, Infinity
        p = end - s.c_str();
        return j;
    }
    std::string string() {
        std::string out;
        p++; // '"'
        while (s[p] != '"') {
            if (s[p] == '\\') { p++; out += s[p] == 'n' ? '\n' : s[p]; if (s[p] == 'u') p += 4; p++; }
            else out += s[p++];
        }
        p++;
        return out;
    }
};

static Vec vec(const Json& j) {
    Vec v;
    for (auto& e : j.arr) v.push_back(e.num);
    return v;
}
static Mat mat(const Json& j, size_t cols) {
    Mat m;
    for (auto& r : j.arr) { Vec v = vec(r); v.resize(cols, 0.0); m.push_back(v); }
    return m;
}

// ---------------------------------------------------------------- forms

struct Form {
    size_t n = 0, s = 0, m = 0;
    Vec x, y, z, cz, cy;
    Mat Z, L, J, Y; // J = ∂y/∂x (m×n), Y = ∂y/∂|z| (m×s): the documentation's names

    Mat rows(const Vec& sigma) const {
        Mat r(s);
        for (size_t i = 0; i < s; i++) {
            r[i] = Z[i];
            for (size_t j = 0; j < i; j++)
                for (size_t c = 0; c < n; c++) r[i][c] += L[i][j] * sigma[j] * r[j][c];
        }
        return r;
    }
    Mat gradient(const Vec& sigma) const {
        Mat r = rows(sigma), g(m);
        for (size_t k = 0; k < m; k++) {
            g[k] = J[k];
            for (size_t j = 0; j < s; j++)
                for (size_t c = 0; c < n; c++) g[k][c] += Y[k][j] * sigma[j] * r[j][c];
        }
        return g;
    }
    Vec model(const Vec& dx) const {
        Vec zz(s), out(m);
        for (size_t i = 0; i < s; i++) {
            double v = cz[i];
            for (size_t c = 0; c < n; c++) v += Z[i][c] * dx[c];
            for (size_t j = 0; j < i; j++) v += L[i][j] * std::fabs(zz[j]);
            zz[i] = v;
        }
        for (size_t k = 0; k < m; k++) {
            double v = cy[k];
            for (size_t c = 0; c < n; c++) v += J[k][c] * dx[c];
            for (size_t j = 0; j < s; j++) v += Y[k][j] * std::fabs(zz[j]);
            out[k] = v;
        }
        return out;
    }
};

static Form adolcForm(const Case& c, const Vec& x0) {
    const short tag = 1;
    Form f;
    f.n = x0.size();
    f.m = 1;
    f.x = x0;
    enableMinMaxUsingAbs();
    trace_on(tag);
    std::vector<adouble> xs(f.n);
    for (size_t i = 0; i < f.n; i++) xs[i] <<= x0[i];
    adouble y = c.f(xs);
    double yv;
    y >>= yv;
    trace_off();
    f.s = get_num_switches(tag);
    f.y.assign(f.m, 0);
    f.z.assign(f.s, 0);
    f.cz.assign(f.s, 0);
    f.cy.assign(f.m, 0);
    double** adY = myalloc2(f.m, f.n);      // ADOL-C's "Y": ∂y/∂x, our J
    double** adJ = myalloc2(f.m, std::max<size_t>(f.s, 1)); // ADOL-C's "J": ∂y/∂|z|, our Y
    double** adZ = myalloc2(std::max<size_t>(f.s, 1), f.n);
    double** adL = myalloc2(std::max<size_t>(f.s, 1), std::max<size_t>(f.s, 1));
    Vec xx = x0;
    abs_normal(tag, (int)f.m, (int)f.n, (int)f.s, xx.data(), f.y.data(), f.z.data(), f.cz.data(),
               f.cy.data(), adY, adJ, adZ, adL);
    f.J.assign(f.m, Vec(f.n));
    f.Y.assign(f.m, Vec(f.s));
    f.Z.assign(f.s, Vec(f.n));
    f.L.assign(f.s, Vec(f.s));
    for (size_t k = 0; k < f.m; k++) {
        for (size_t c = 0; c < f.n; c++) f.J[k][c] = adY[k][c];
        for (size_t j = 0; j < f.s; j++) f.Y[k][j] = adJ[k][j];
    }
    for (size_t i = 0; i < f.s; i++) {
        for (size_t c = 0; c < f.n; c++) f.Z[i][c] = adZ[i][c];
        for (size_t j = 0; j < f.s; j++) f.L[i][j] = adL[i][j];
    }
    myfree2(adY); myfree2(adJ); myfree2(adZ); myfree2(adL);
    return f;
}

static Form clarkeForm(const std::string& file) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    Parser p(text);
    Json j = p.value();
    Form f;
    f.x = vec(j.obj.at("x"));
    f.y = vec(j.obj.at("y"));
    f.z = vec(j.obj.at("z"));
    f.n = f.x.size(); f.m = f.y.size(); f.s = f.z.size();
    f.cz = vec(j.obj.at("cz"));
    f.cy = vec(j.obj.at("cy"));
    f.Z = mat(j.obj.at("Z"), f.n);
    f.L = mat(j.obj.at("L"), f.s); // Clarke prints L's rows in full (s×s)
    f.J = mat(j.obj.at("J"), f.n);
    f.Y = mat(j.obj.at("Y"), f.s);
    return f;
}

// ---------------------------------------------------------------- comparison

static const double TOL = 1e-12;
static bool close(double a, double b) { return std::fabs(a - b) <= TOL * std::max(1.0, std::max(std::fabs(a), std::fabs(b))); }
static double diff(const Mat& a, const Mat& b) {
    double d = 0;
    for (size_t i = 0; i < a.size(); i++)
        for (size_t j = 0; j < a[i].size(); j++) d = std::max(d, std::fabs(a[i][j] - b[i][j]));
    return d;
}

// Row i of C against row j of A with sign e, given the partial assignment perm/sign for k < i.
static bool rowMatches(const Form& C, const Form& A, size_t i, size_t j, double e,
                       const std::vector<int>& perm) {
    if (!close(C.cz[i], e * A.cz[j])) return false;
    for (size_t c = 0; c < C.n; c++) if (!close(C.Z[i][c], e * A.Z[j][c])) return false;
    for (size_t k = 0; k < i; k++) if (!close(C.L[i][k], e * A.L[j][perm[k]])) return false;
    for (size_t k = 0; k < C.m; k++) if (!close(C.Y[k][i], A.Y[k][j])) return false;
    return true;
}

static bool match(const Form& C, const Form& A, size_t i, std::vector<int>& perm, Vec& sign,
                  std::vector<bool>& used) {
    if (i == C.s) {
        // the L entries of A outside the image of the lower triangle must be zero too
        for (size_t a = 0; a < C.s; a++)
            for (size_t b = 0; b < C.s; b++) {
                double want = C.L[a][b] * sign[a];
                if (!close(A.L[perm[a]][perm[b]], want)) return false;
            }
        return true;
    }
    for (size_t j = 0; j < A.s; j++) {
        if (used[j]) continue;
        for (double e : {1.0, -1.0}) {
            if (!rowMatches(C, A, i, j, e, perm)) continue;
            perm[i] = (int)j; sign[i] = e; used[j] = true;
            if (match(C, A, i + 1, perm, sign, used)) return true;
            used[j] = false;
        }
    }
    return false;
}

static std::vector<Vec> allSigma(size_t s) {
    std::vector<Vec> out;
    size_t total = 1;
    for (size_t i = 0; i < s; i++) total *= 3;
    for (size_t k = 0; k < total; k++) {
        Vec sg(s);
        size_t r = k;
        for (size_t i = 0; i < s; i++) { sg[i] = (double)(r % 3) - 1.0; r /= 3; }
        out.push_back(sg);
    }
    return out;
}

static bool inSet(const Mat& g, const std::vector<Mat>& set) {
    for (auto& h : set) if (diff(g, h) <= TOL * 10) return true;
    return false;
}

static std::string fmt(double v) {
    char b[64];
    std::snprintf(b, sizeof b, "%.6g", v + 0.0);
    return b;
}

static int compare(const Case& c, const std::string& point, const std::string& file) {
    Vec x0 = parsePoint(c, point);
    Form A = adolcForm(c, x0);
    Form C = clarkeForm(file);
    bool ok = true;
    std::string notes;

    if (A.n != C.n || A.m != C.m || A.s != C.s) {
        std::printf("| `%s` | %s | n,s,m: Clarke %zu,%zu,%zu vs ADOL-C %zu,%zu,%zu | | | | | | FAIL |\n",
                    c.expr.c_str(), point.c_str(), C.n, C.s, C.m, A.n, A.s, A.m);
        return 1;
    }
    // 4. values
    bool fOk = close(A.y[0], C.y[0]);
    Vec az, bz;
    for (double v : A.z) az.push_back(std::fabs(v));
    for (double v : C.z) bz.push_back(std::fabs(v));
    std::sort(az.begin(), az.end());
    std::sort(bz.begin(), bz.end());
    bool zOk = true;
    for (size_t i = 0; i < az.size(); i++) zOk = zOk && close(az[i], bz[i]);
    ok = ok && fOk && zOk;
    size_t active = 0;
    for (double v : C.z) active += v == 0;

    // 1. structure
    std::vector<int> perm(C.s, -1);
    Vec sign(C.s, 1.0);
    std::vector<bool> used(A.s, false);
    bool structural = match(C, A, 0, perm, sign, used);
    bool jOk = diff(C.J, A.J) <= TOL;
    structural = structural && jOk;
    std::string structure;
    if (structural) {
        int flips = 0;
        bool identity = true;
        for (size_t i = 0; i < C.s; i++) { flips += sign[i] < 0; identity = identity && perm[i] == (int)i; }
        structure = std::string(identity ? "same order" : "permuted") + ", " + std::to_string(flips) + " sign flip" + (flips == 1 ? "" : "s");
    } else {
        structure = "no signed permutation";
    }

    // 2. signature gradients
    auto sigmas = allSigma(C.s);
    std::vector<Mat> gc, ga;
    for (auto& sg : sigmas) { gc.push_back(C.gradient(sg)); ga.push_back(A.gradient(sg)); }
    double pointwise = structural ? 0.0 : NAN;
    if (structural) {
        for (auto& sg : sigmas) {
            Vec t(C.s);
            for (size_t i = 0; i < C.s; i++) t[perm[i]] = sign[i] * sg[i];
            pointwise = std::max(pointwise, diff(C.gradient(sg), A.gradient(t)));
        }
    }
    bool setOk = true;
    for (auto& g : gc) setOk = setOk && inSet(g, ga);
    for (auto& g : ga) setOk = setOk && inSet(g, gc);
    std::vector<Mat> distinct;
    for (auto& g : gc) if (!inSet(g, distinct)) distinct.push_back(g);
    ok = ok && setOk && (!structural || pointwise <= TOL * 10);

    // 3. the piecewise-linear model
    double modelDiff = 0;
    unsigned long long seed = 0x9E3779B97F4A7C15ULL;
    auto rnd = [&seed]() { seed = seed * 6364136223846793005ULL + 1442695040888963407ULL; return ((seed >> 11) * (1.0 / 9007199254740992.0)) * 2 - 1; };
    std::vector<Vec> dxs{Vec(C.n, 0.0)};
    for (double scale : {1e-3, 0.1, 1.0})
        for (int k = 0; k < 20; k++) { Vec d(C.n); for (auto& v : d) v = scale * rnd(); dxs.push_back(d); }
    for (auto& d : dxs) {
        Vec a = A.model(d), b = C.model(d);
        for (size_t k = 0; k < a.size(); k++) modelDiff = std::max(modelDiff, std::fabs(a[k] - b[k]));
    }
    ok = ok && modelDiff <= 1e-12;
    // the model reproduces f at Δx = 0 (checks the constants' convention)
    ok = ok && close(A.model(Vec(C.n, 0.0))[0], A.y[0]) && close(C.model(Vec(C.n, 0.0))[0], C.y[0]);

    std::string g = std::to_string(sigmas.size()) + " σ, " + std::to_string(distinct.size()) + " distinct; " +
                    (structural ? "max diff " + fmt(pointwise) : std::string("pointwise n/a")) +
                    (setOk ? ", sets equal" : ", SETS DIFFER");
    std::printf("| `%s` | %s | %zu, %zu (%zu active), %zu | %s / %s | %s | %s | %s | %s | %s |\n", c.expr.c_str(),
                point.c_str(), C.n, C.s, active, C.m, fmt(C.y[0]).c_str(), fmt(A.y[0]).c_str(),
                zOk ? "equal" : "DIFFER", structure.c_str(), g.c_str(), fmt(modelDiff).c_str(), ok ? "ok" : "FAIL");
    return ok ? 0 : 1;
}

int main(int argc, char** argv) {
    std::string cmd = argc > 1 ? argv[1] : "";
    auto all = cases();
    if (cmd == "list") {
        for (auto& c : all)
            for (auto& p : c.points) std::printf("%s\t%s\t%s\n", c.id.c_str(), c.expr.c_str(), p.c_str());
        return 0;
    }
    if (cmd == "header") {
        std::printf("| function | point | n, s, m | f: Clarke / ADOL-C | \\|z\\| | form (Clarke vs ADOL-C) | G(σ), σ ∈ {−1,0,1}^s | model max \\|Δy\\| | result |\n");
        std::printf("|---|---|---|---|---|---|---|---|---|\n");
        return 0;
    }
    if (cmd == "show" && argc == 4) {
        for (auto& c : all)
            if (c.id == argv[2]) {
                Form A = adolcForm(c, parsePoint(c, argv[3]));
                auto row = [](const char* name, const Vec& v) {
                    std::printf("  %s [", name);
                    for (size_t i = 0; i < v.size(); i++) std::printf(i ? " %s" : "%s", fmt(v[i]).c_str());
                    std::printf("]\n");
                };
                std::printf("%s at %s (ADOL-C): n = %zu, s = %zu, m = %zu\n", c.expr.c_str(), argv[3], A.n, A.s, A.m);
                row("y ", A.y); row("z ", A.z); row("cz", A.cz); row("cy", A.cy);
                for (size_t i = 0; i < A.s; i++) { row("Z ", A.Z[i]); }
                for (size_t i = 0; i < A.s; i++) { row("L ", A.L[i]); }
                for (size_t k = 0; k < A.m; k++) { row("J ", A.J[k]); row("Y ", A.Y[k]); }
                return 0;
            }
        std::fprintf(stderr, "anf: no case %s\n", argv[2]);
        return 2;
    }
    if (cmd == "compare" && argc == 5) {
        for (auto& c : all)
            if (c.id == argv[2]) return compare(c, argv[3], argv[4]);
        std::fprintf(stderr, "anf: no case %s\n", argv[2]);
        return 2;
    }
    std::fprintf(stderr, "usage: anf list | header | show ID POINT | compare ID POINT CLARKE.json\n");
    return 2;
}
