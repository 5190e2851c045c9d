// PLACEHOLDER: replaced by the page's real implementation before this work lands.
import { PageHeader } from '../../ui/Page';

export default function CampaignsPage() {
  return <PageHeader title="Campaigns" />;
}
