// `npm run check:deploy` (and a step of `npm test`): the deploy artifacts checked offline, in seconds.
// - k8s/base and each overlay rendered with `kubectl kustomize` (the eks overlay in a copy, with its
//   env files rendered from a sample `terraform output -json` by deploy/scripts/render-eks-env.mjs), every
//   object checked against the Kubernetes API's fields (unknown fields fail), every app container's
//   environment run through that app's config reader, and (eks) every Secret key the pods read written
//   by Terraform;
// - docker-compose.yml against the Compose Specification, and its apps' environments the same way;
// - deploy/terraform: `terraform fmt -check` and every reference declared;
// - no example hostname, account id or CHANGE_ME committed in the eks overlay (its values come from Terraform);
// - then the specs in scripts/check-deploy/, which prove each check fails on a broken input.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderEksEnv } from '../deploy/scripts/render-eks-env.mjs';
import { checkComposeFile, checkKubernetesRender } from './check-deploy/checks.mjs';
import { committedFiles, findExampleValues } from './check-deploy/placeholders.mjs';
import { checkTerraform } from './check-deploy/terraform.mjs';

const problems = [];
const warnings = [];

function kustomize(directory) {
  const result = spawnSync('kubectl', ['kustomize', directory], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  if (result.status !== 0) problems.push(`${directory}: kubectl kustomize failed: ${result.stderr.trim()}`);
  return result.status === 0 ? result.stdout : undefined;
}

async function checkKubernetes() {
  if (spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).error) {
    warnings.push('kubectl is not installed: skipped rendering and validating k8s/ (CI has it)');
    return;
  }
  const copy = mkdtempSync(join(tmpdir(), 'check-deploy-'));
  try {
    cpSync('k8s', join(copy, 'k8s'), { recursive: true });
    const outputs = JSON.parse(readFileSync('scripts/check-deploy/terraform-outputs.fixture.json', 'utf8'));
    const { clusterEnv, kafkaEnv } = renderEksEnv(outputs);
    writeFileSync(join(copy, 'k8s/overlays/eks/cluster.env'), clusterEnv);
    writeFileSync(join(copy, 'k8s/overlays/eks/kafka.env'), kafkaEnv);
    const overlays = ['base', ...readdirSync('k8s/overlays').map((name) => `overlays/${name}`)];
    for (const overlay of overlays) {
      const rendered = kustomize(join(copy, 'k8s', overlay));
      const options = {
        schemasOnly: overlay === 'base',
        // The eks overlay's Secrets are Terraform's Secrets Manager entries.
        ...(overlay === 'overlays/eks' && { secretsTf: readFileSync('deploy/terraform/secrets.tf', 'utf8') }),
      };
      if (rendered) problems.push(...(await checkKubernetesRender(rendered, `k8s/${overlay}`, options)));
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const started = Date.now();
await checkKubernetes();
problems.push(...(await checkComposeFile(readFileSync('docker-compose.yml', 'utf8'))));
problems.push(...checkTerraform('deploy/terraform', warnings));
problems.push(...findExampleValues(committedFiles('k8s/overlays/eks')));

for (const warning of warnings) console.log(`deploy: note: ${warning}`);
for (const problem of problems) console.error(`deploy: ${problem}`);
console.log(`deploy: ${problems.length} problem(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const specs = readdirSync('scripts/check-deploy')
  .filter((name) => name.endsWith('.spec.mjs'))
  .map((name) => join('scripts/check-deploy', name));
const tests = spawnSync(process.execPath, ['--test', ...specs], { stdio: 'inherit' });
process.exit(problems.length === 0 && tests.status === 0 ? 0 : 1);
