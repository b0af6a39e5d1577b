"""mpmath reference values of the LIF transfer function H(omega) at very low frequencies
(1e-14 Hz .. 1e-3 Hz, where Psi_t - Psi_r cancels in f64), for populations far below
threshold (x_t from 10 to 1000; from 40 on |H| underflows), and for a mean input far above
the reset (x_r < -50) or above both boundaries with little noise.

Same formulas as documented in src/lif/transfer.rs (Schuecker et al. 2015 shift, Eq. 29;
Schuecker et al. 2014 taylor, Eq. 93), with Psi(z, x) = e^{x^2/4} U(z, -x) from mpmath.pcfu
and the Siegert rate by mpmath.quad, at 60 significant digits (80 for the pcfu evaluations).

Usage: PY make_transfer_mpmath.py OUT.json
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 80
ALPHA = mp.sqrt(2) * abs(mp.zeta(mp.mpf(1) / 2))


def erfcx_neg(y):
    # erfcx(-y) = e^{y^2} erfc(-y)
    return mp.exp(y * y) * mp.erfc(-y)


def siegert(mu, sigma, tau_m, tau_r, v_th, v_0):
    y_t = (v_th - mu) / sigma
    y_r = (v_0 - mu) / sigma
    pts = [y_r]
    if y_r < 0 < y_t:
        pts.append(mp.mpf(0))
    if y_t > 2:
        # e^{y^2} is peaked at y_t: resolve the last width 1/y_t
        for k in (64, 16, 4, 1):
            p = y_t - mp.mpf(k) / y_t
            if p > pts[-1]:
                pts.append(p)
    pts.append(y_t)
    with mp.workdps(40):
        integral = mp.quad(erfcx_neg, pts)
    return 1 / (tau_r + tau_m * mp.sqrt(mp.pi) * integral)


def dsiegert_dmu(nu, mu, sigma, tau_m, v_th, v_0):
    # d nu / d mu = nu^2 tau_m sqrt(pi) (erfcx(-y_t) - erfcx(-y_r)) / sigma
    y_t = (v_th - mu) / sigma
    y_r = (v_0 - mu) / sigma
    return nu * nu * tau_m * mp.sqrt(mp.pi) * (erfcx_neg(y_t) - erfcx_neg(y_r)) / sigma


def psi(z, x):
    return mp.exp(x * x / 4) * mp.pcfu(z, -x)


def transfer(method, f_hz, mu, sigma, tau_m, tau_s, tau_r, v_th, v_0, filt=True):
    omega = 2 * mp.pi * f_hz
    k = mp.sqrt(tau_s / tau_m)
    z = mp.mpc(-0.5, omega * tau_m)
    if method == "shift":
        shift = sigma * ALPHA / 2 * k
        vt, vr = v_th + shift, v_0 + shift
        nu = siegert(mu, sigma, tau_m, tau_r, vt, vr)
    else:
        vt, vr = v_th, v_0
        nu_d = siegert(mu, sigma, tau_m, tau_r, vt, vr)
        dnu = dsiegert_dmu(nu_d, mu, sigma, tau_m, vt, vr)
        nu = nu_d - sigma * ALPHA / 2 * k * dnu
    x_t = mp.sqrt(2) * (vt - mu) / sigma
    x_r = mp.sqrt(2) * (vr - mu) / sigma
    p_t, p_r = psi(z, x_t), psi(z, x_r)
    d_t, d_r = (z + 0.5) * psi(z + 1, x_t), (z + 0.5) * psi(z + 1, x_r)
    a1 = (d_t - d_r) / (p_t - p_r)
    if method == "shift":
        h = mp.sqrt(2) / sigma * nu / (1 + 1j * omega * tau_m) * a1
    else:
        dd_t = (z + 0.5) * (z + 1.5) * psi(z + 2, x_t)
        dd_r = (z + 0.5) * (z + 1.5) * psi(z + 2, x_r)
        d2 = (dd_t - dd_r) / (p_t - p_r)
        a_over = ALPHA * nu_d * k / mp.sqrt(2)
        h = mp.sqrt(2) / sigma * (nu * a1 + a_over * (d2 - a1 * a1)) / (1 + 1j * omega * tau_m)
    if filt:
        h = h / (1 + 1j * omega * tau_s)
    return h, x_t, x_r


def fmt(v):
    return mp.nstr(v, 25, min_fixed=-1, max_fixed=-1)


def main(out):
    ms, mv = mp.mpf("1e-3"), mp.mpf("1e-3")
    neuron = dict(tau_m=10 * ms, tau_r=2 * ms, v_th=20 * mv, v_0=10 * mv)
    # 1e-14 Hz .. 1e-3 Hz, and around the switch to the direct formula at |omega tau_m| = 0.005
    # (0.0796 Hz for tau_m = 10 ms)
    freqs = [mp.mpf(10) ** e for e in range(-14, -2)] + [mp.mpf(v) for v in ("0.05", "0.0795", "0.0797", "0.1", "1")]
    low = []
    for method, tau_s in (("shift", mp.mpf("0.5e-3")), ("taylor", mp.mpf("0.5e-3")),
                          ("shift", mp.mpf(0))):
        mu, sigma = 15 * mv, 5 * mv
        rows = []
        for f in freqs:
            h, x_t, x_r = transfer(method, f, mu, sigma, tau_s=tau_s, **neuron)
            rows.append([fmt(f), fmt(h.real), fmt(h.imag)])
        print(method, tau_s, flush=True)
        low.append(dict(method=method, tau_s=fmt(tau_s), mu=fmt(mu), sigma=fmt(sigma),
                        rows=rows))
    silent = []
    for method in ("shift", "taylor"):
        for x_t_target in (10, 25, 35, 40, 45, 55, 60, 100, 1000):
            # mu fixed at 0, sigma chosen so that the unshifted x_t is the target
            mu = mp.mpf(0)
            sigma = mp.sqrt(2) * neuron["v_th"] / x_t_target
            tau_s = mp.mpf("0.5e-3")
            rows = []
            for f in (mp.mpf(0.1), mp.mpf(10), mp.mpf(1000)):
                h, x_t, x_r = transfer(method, f, mu, sigma, tau_s=tau_s, **neuron)
                log10_abs = mp.log10(abs(h)) if h != 0 else mp.mpf("-inf")
                rows.append([fmt(f), fmt(h.real), fmt(h.imag), fmt(log10_abs)])
            print(method, x_t_target, [r[3] for r in rows], flush=True)
            silent.append(dict(method=method, tau_s=fmt(tau_s), mu=fmt(mu),
                               sigma=fmt(sigma), x_t=fmt(x_t), rows=rows))
    above = []
    for method in ("shift", "taylor"):
        # the mean input far above the reset (x_r < -50) or above both boundaries
        for mu_mv, sigma_mv in (("19", "0.2"), ("19.5", "0.1"), ("30", "0.2"), ("25", "0.05")):
            mu, sigma = mp.mpf(mu_mv) * mv, mp.mpf(sigma_mv) * mv
            tau_s = mp.mpf("0.5e-3")
            rows = []
            for f in (mp.mpf("1e-6"), mp.mpf("0.01"), mp.mpf(1), mp.mpf(10), mp.mpf(100)):
                h, x_t, x_r = transfer(method, f, mu, sigma, tau_s=tau_s, **neuron)
                rows.append([fmt(f), fmt(h.real), fmt(h.imag)])
            print(method, mu_mv, sigma_mv, mp.nstr(x_t, 5), mp.nstr(x_r, 5), flush=True)
            above.append(dict(method=method, tau_s=fmt(tau_s), mu=fmt(mu), sigma=fmt(sigma),
                              x_t=fmt(x_t), x_r=fmt(x_r), rows=rows))
    doc = dict(
        schema="nnmt-mpmath-transfer/1",
        what="H(omega) in Hz/V by the formulas of src/lif/transfer.rs with mpmath.pcfu "
             "(80 digits); rows [f_Hz, Re H, Im H] (low) or [f_Hz, Re H, Im H, log10 |H|] "
             "(silent); SI units; synaptic filter on",
        neuron={k: fmt(v) for k, v in neuron.items()},
        mpmath=mp.__version__,
        low_frequency=low,
        silent=silent,
        far_above=above,
    )
    with open(out, "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
